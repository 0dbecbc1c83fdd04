import Domain
import Fluent
import Foundation
import Testing
import Vapor

@testable import App

@Suite("Import and export")
struct ImportExportTests {
    static let header =
        "employee_number,first_name,last_name,work_email,phone,job_title,department,site,manager_number,start_date,end_date,status\r\n"

    @Test("A dry run lists every row's problems with row, column and reason, and writes nothing")
    func dryRunErrors() async throws {
        try await TestApp.with { app in
            _ = try await SmallOrganisation.make(app)
            let csv =
                Self.header + """
                    E010,Piret,Lill,piret@example.ee,,Analyst,IT,Tallinn,E002,2026-01-05,,active\r
                    E011,,Org,bad-address,,,Nowhere,Tallinn,E999,2026-02-30,,retired\r
                    E010,Piret,Twice,,,,,,,,,\r
                    E003,Jaan,Saar,mart@example.ee,,,,,,,,\r

                    """
            let report = try await EmployeeImport(app: app.app, actor: .system).run(Array(csv.utf8), commit: true, language: .de)
            #expect(!report.committed)
            let found = report.errors.map { "\($0.row) \($0.column) \($0.code)" }
            #expect(
                found
                    == [
                        "3 department not_found", "3 first_name required", "3 manager_number not_found", "3 start_date date_invalid",
                        "3 status invalid",
                        "3 work_email email_invalid", "4 employee_number duplicate_in_file", "5 work_email taken",
                    ].sorted())
            #expect(report.errors.first { $0.column == "first_name" }?.message == "Dieses Feld ist erforderlich.")
            #expect(try await app.count(Employee.self) == 3)
        }
    }

    @Test("A clean file creates and updates in one go; matched by number or e-mail; managers may come later in the file")
    func commit() async throws {
        try await TestApp.with { app in
            let org = try await SmallOrganisation.make(app)
            let csv =
                Self.header + """
                    E020,Kaja,Kask,kaja@example.ee,,Junior,IT,Tallinn,E021,2026-03-01,,active\r
                    E021,Olev,Org,olev@example.ee,,Lead,IT,Tallinn,E001,2026-01-01,,active\r
                    E003,Jaan,Saar,jaan@example.ee,,Senior technician,IT,Tallinn,X-77,2024-01-15,,active\r
                    X-77,Mart,Tamm,mart@example.ee,,IT Manager,IT,Tallinn,E001,2024-01-15,,active\r

                    """
            let report = try await EmployeeImport(app: app.app, actor: .system).run(Array(csv.utf8), commit: true, language: .en)
            #expect(report.errors.isEmpty, "\(report.errors)")
            #expect(report.committed && report.created == 2 && report.updated == 2)
            let kaja = try await Employee.query(on: app.app.db).filter(\.$employeeNumber == "E020").first()
            let olev = try await Employee.query(on: app.app.db).filter(\.$employeeNumber == "E021").first()
            #expect(kaja?.managerID == olev?.id && olev?.managerID == org.kadri.id)
            #expect(try await Employee.find(org.jaan.id, on: app.app.db)?.jobTitle == "Senior technician")
            // Matched by e-mail: Mart's number changes, and Jaan still reports to him.
            #expect(try await Employee.find(org.mart.id, on: app.app.db)?.employeeNumber == "X-77")
            #expect(try await AuditEntry.query(on: app.app.db).filter(\.$action == "employee.create").count() == 5)
            #expect(try await app.app.auditSeal.verify(on: app.app.db) == .intact(entries: try await app.count(AuditEntry.self)))
        }
    }

    @Test("A file whose reporting lines loop is refused as a whole")
    func cycleInFile() async throws {
        try await TestApp.with { app in
            _ = try await SmallOrganisation.make(app)
            let csv = Self.header + "E030,A,A,,,,,,E031,,,active\r\nE031,B,B,,,,,,E030,,,active\r\n"
            let report = try await EmployeeImport(app: app.app, actor: .system).run(Array(csv.utf8), commit: true, language: .en)
            #expect(report.errors.map(\.code) == ["reporting_cycle", "reporting_cycle"])
            #expect(try await app.count(Employee.self) == 3)
        }
    }

    @Test("Export re-imports unchanged, as CSV and as JSON")
    func roundTrip() async throws {
        try await TestApp.with { app in
            _ = try await DemoCompany.load(DemoCompanyPlan(employees: 80, seed: 3), into: app.app, actor: .system)
            for format in ExportFormat.allCases {
                let employees = try await OrganisationExport.employees(on: app.app.db, format: format)
                let report = try await EmployeeImport(app: app.app, actor: .system).run(Array(employees), commit: true, language: .en)
                #expect(report.errors.isEmpty, "\(format): \(report.errors.prefix(3))")
                #expect(
                    report.unchanged == 80 && report.created == 0 && report.updated == 0, "\(format): \(report.created) \(report.updated)")
                let departments = try await OrganisationExport.departments(on: app.app.db, format: format)
                let departmentReport = try await DepartmentImport(app: app.app, actor: .system).run(
                    Array(departments), commit: true, language: .en)
                #expect(departmentReport.errors.isEmpty && departmentReport.unchanged == 8, "\(format): \(departmentReport)")
            }
        }
    }

    @Test("Semicolon-separated files with a byte-order mark, as Excel saves them, import")
    func excelFile() async throws {
        try await TestApp.with { app in
            _ = try await SmallOrganisation.make(app)
            let text = "employee_number;first_name;last_name;department\r\nE040;Jürgen;Größ;IT\r\n"
            let report = try await EmployeeImport(app: app.app, actor: .system).run(
                [0xEF, 0xBB, 0xBF] + Array(text.utf8), commit: true, language: .en)
            #expect(report.created == 1, "\(report.errors)")
            #expect(try await Employee.query(on: app.app.db).filter(\.$employeeNumber == "E040").first()?.lastName == "Größ")
        }
    }

    @Test("Departments import with parents later in the file, and loops are refused")
    func departments() async throws {
        try await TestApp.with { app in
            _ = try await SmallOrganisation.make(app)
            let good = "name,parent,manager_number,cost_centre,site\r\nService Desk,Support,E003,,Tallinn\r\nSupport,IT,,,Tallinn\r\n"
            let report = try await DepartmentImport(app: app.app, actor: .system).run(Array(good.utf8), commit: true, language: .en)
            #expect(report.created == 2, "\(report.errors)")
            let loop = "name,parent\r\nIT,Service Desk\r\n"
            let refused = try await DepartmentImport(app: app.app, actor: .system).run(Array(loop.utf8), commit: true, language: .en)
            #expect(refused.errors.map(\.code) == ["department_cycle"])
        }
    }

    @Test("Import after Check imports the checked file: the browser clears the file field, the server kept the file")
    func importsTheCheckedFile() async throws {
        try await TestApp.with { app in
            _ = try await SmallOrganisation.make(app)
            let browser = try await app.signedIn(.peopleOfficer)
            let form = try await browser.get("/employees/import")
            let boundary = "qm-boundary"
            func multipart(_ csv: String?, action: String, checked: String? = nil) -> String {
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(form.formValue("_csrf") ?? "")\r\n"
                    + (checked.map { "--\(boundary)\r\nContent-Disposition: form-data; name=\"checked\"\r\n\r\n\($0)\r\n" } ?? "")
                    + "--\(boundary)\r\nContent-Disposition: form-data; name=\"action\"\r\n\r\n\(action)\r\n"
                    // A browser sends an empty, nameless part for a file field left empty.
                    + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(csv == nil ? "" : "people.csv")\"\r\n"
                    + "Content-Type: \(csv == nil ? "application/octet-stream" : "text/csv")\r\n\r\n\(csv ?? "")\r\n--\(boundary)--\r\n"
            }
            func post(_ body: String) async throws -> TestResponse {
                try await browser.request(.POST, "/employees/import", body: body, contentType: "multipart/form-data; boundary=\(boundary)")
            }
            let checked = try await post(multipart(Self.header + "E050,Uno,Uus,,,,IT,Tallinn,E002,,,active\r\n", action: "check"))
            #expect(checked.body.contains("would create 1") && checked.body.contains("Checked file: people.csv"))
            let token = try #require(checked.formValue("checked"))
            #expect(try await app.count(Employee.self) == 3)

            // Another person cannot use the token; an unknown token asks for the file again.
            let other = try await app.signedIn(.peopleOfficer)
            let otherForm = try await other.get("/employees/import")
            let stolen = try await other.request(
                .POST, "/employees/import",
                body: multipart(nil, action: "import", checked: token).replacingOccurrences(
                    of: form.formValue("_csrf") ?? "", with: otherForm.formValue("_csrf") ?? ""),
                contentType: "multipart/form-data; boundary=\(boundary)")
            #expect(stolen.status == .unprocessableEntity && stolen.body.contains("Choose the file"))
            #expect(try await app.count(Employee.self) == 3)

            let imported = try await post(multipart(nil, action: "import", checked: token))
            #expect(imported.status == .ok && imported.body.contains("1 created"))
            #expect(try await app.count(Employee.self) == 4)
            // Imported once: the file is not kept for a second import.
            #expect(try await post(multipart(nil, action: "import", checked: token)).body.contains("Choose the file"))
            #expect(try await app.count(Employee.self) == 4)
        }
    }

    @Test("The upload page checks and imports a file; the API and CLI answer the same way")
    func pageAPIAndCLI() async throws {
        try await TestApp.with { app in
            _ = try await SmallOrganisation.make(app)
            let browser = try await app.signedIn(.peopleOfficer)
            let form = try await browser.get("/employees/import")
            let boundary = "qm-boundary"
            func multipart(_ csv: String, action: String) -> String {
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(form.formValue("_csrf") ?? "")\r\n"
                    + "--\(boundary)\r\nContent-Disposition: form-data; name=\"action\"\r\n\r\n\(action)\r\n"
                    + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"people.csv\"\r\nContent-Type: text/csv\r\n\r\n\(csv)\r\n"
                    + "--\(boundary)--\r\n"
            }
            let csv = Self.header + "E050,Uno,Uus,,,,IT,Tallinn,E002,,,active\r\n"
            let checked = try await browser.request(
                .POST, "/employees/import", body: multipart(csv, action: "check"), contentType: "multipart/form-data; boundary=\(boundary)")
            #expect(checked.status == .ok)
            #expect(checked.body.contains("would create 1"))
            #expect(try await app.count(Employee.self) == 3)
            let imported = try await browser.request(
                .POST, "/employees/import", body: multipart(csv, action: "import"), contentType: "multipart/form-data; boundary=\(boundary)"
            )
            #expect(imported.body.contains("1 created"))
            #expect(try await app.count(Employee.self) == 4)

            let (_, token) = try await app.token(.peopleOfficer)
            let api = APIClient(app, token: token)
            let bad = try await api.raw(
                .POST, "/api/v1/employees/import?commit=true", body: Self.header + "E051,,X,,,,,,,,,\r\n", contentType: "text/csv")
            #expect(bad.status == .unprocessableEntity)
            #expect((bad.json["errors"] as? [[String: Any]])?.first?["column"] as? String == "first_name")
            let export = try await api.call(.GET, "/api/v1/employees/export?format=json")
            #expect(export.jsonArray.count == 4)

            let file = FileManager.default.temporaryDirectory.appendingPathComponent("qm-import-\(UUID().uuidString).csv")
            defer { try? FileManager.default.removeItem(at: file) }
            try Data((Self.header + "E052,Mia,Muu,,,,,,E001,,,active\r\nE053,,Viga,,,,,,,,,\r\n").utf8).write(to: file)
            let cli = try CommandLine.run(["import", "employees", file.path, "--database", app.databaseURL])
            #expect(cli.status == 1)
            #expect(cli.error.contains(":3 first_name: This field is required."))
            #expect(try await app.count(Employee.self) == 4)
            let exported = try CommandLine.run(["export", "employees", "--database", app.databaseURL])
            #expect(exported.output.hasPrefix("employee_number,first_name") && exported.output.contains("E050,Uno,Uus"))
        }
    }
}
