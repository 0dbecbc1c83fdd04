import Domain
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

/// A small organisation for the tests: one site, one cost centre, IT under Management, and a reporting line
/// Kadri (head) ← Mart (IT lead) ← Jaan (technician).
struct SmallOrganisation {
    let site: Site
    let management: Department
    let it: Department
    let kadri: Employee
    let mart: Employee
    let jaan: Employee

    static func make(_ app: TestApp) async throws -> SmallOrganisation {
        let structure = StructureService(app: app.app, actor: .system)
        let people = EmployeeService(app: app.app, actor: .system)
        let site = try await structure.createSite(.init(name: "Tallinn", address: "Narva mnt 5", country: "ee", timeZone: "Europe/Tallinn"))
        let management = try await structure.createDepartment(.init(name: "Management", siteID: site.id))
        let it = try await structure.createDepartment(.init(name: "IT", parentID: management.id, siteID: site.id))
        func person(_ number: String, _ first: String, _ last: String, _ department: Department, manager: Employee?) async throws
            -> Employee
        {
            try await people.create(
                .init(
                    employeeNumber: number, firstName: first, lastName: last, workEmail: "\(first.lowercased())@example.ee",
                    departmentID: department.id,
                    siteID: site.id, managerID: manager?.id, startDate: "2024-01-15", status: .active))
        }
        let kadri = try await person("E001", "Kadri", "Kask", management, manager: nil)
        let mart = try await person("E002", "Mart", "Tamm", it, manager: kadri)
        let jaan = try await person("E003", "Jaan", "Saar", it, manager: mart)
        return SmallOrganisation(site: site, management: management, it: it, kadri: kadri, mart: mart, jaan: jaan)
    }
}

@Suite("Organisation API")
struct OrganisationAPITests {
    @Test("A reporting line that would loop is refused, and nothing changes")
    func reportingCycle() async throws {
        try await TestApp.with { app in
            let org = try await SmallOrganisation.make(app)
            let (_, token) = try await app.token(.itManager)
            let api = APIClient(app, token: token)
            // Kadri reporting to Jaan closes Kadri ← Mart ← Jaan ← Kadri.
            let response = try await api.call(
                .PATCH, "/api/v1/employees/\(org.kadri.id!)", ["managerId": org.jaan.id!.uuidString], headers: ["If-Match": "\"1\""])
            #expect(response.status == .unprocessableEntity)
            let params = response.json["invalidParams"] as? [[String: Any]] ?? []
            #expect(params.first?["code"] as? String == "reporting_cycle")
            let selfManaged = try await api.call(
                .PATCH, "/api/v1/employees/\(org.mart.id!)", ["managerId": org.mart.id!.uuidString], headers: ["If-Match": "\"1\""])
            #expect(selfManaged.status == .unprocessableEntity)
            #expect(try await Employee.find(org.kadri.id, on: app.app.db)?.managerID == nil)
        }
    }

    @Test("A department cannot be moved below its own sub-department")
    func departmentCycle() async throws {
        try await TestApp.with { app in
            let org = try await SmallOrganisation.make(app)
            let (_, token) = try await app.token(.administrator)
            let response = try await APIClient(app, token: token).call(
                .PATCH, "/api/v1/departments/\(org.management.id!)", ["name": "Management", "parentId": org.it.id!.uuidString],
                headers: ["If-Match": "\"1\""])
            #expect(response.status == .unprocessableEntity)
            #expect((response.json["invalidParams"] as? [[String: Any]])?.first?["code"] as? String == "department_cycle")
        }
    }

    @Test("PATCH changes only the named fields, null clears one, and every change is audited")
    func partialUpdate() async throws {
        try await TestApp.with { app in
            let org = try await SmallOrganisation.make(app)
            let (_, token) = try await app.token(.peopleOfficer)
            let api = APIClient(app, token: token)
            let response = try await api.call(
                .PATCH, "/api/v1/employees/\(org.jaan.id!)", ["jobTitle": "Network technician", "workEmail": NSNull()],
                headers: ["If-Match": "\"1\""])
            #expect(response.status == .ok)
            #expect(response.json["jobTitle"] as? String == "Network technician")
            #expect(response.json["workEmail"] == nil || response.json["workEmail"] is NSNull)
            #expect(response.json["firstName"] as? String == "Jaan")
            #expect(response.json["managerId"] as? String == org.mart.id!.uuidString)
            let audit = try await AuditEntry.query(on: app.app.db).filter(\.$action == "employee.update").first()
            #expect(audit?.changes?["job_title"] == AuditChange(before: "", after: "Network technician"))
        }
    }

    @Test("Duplicate employee numbers and e-mails are refused, with every failing field named")
    func duplicates() async throws {
        try await TestApp.with { app in
            _ = try await SmallOrganisation.make(app)
            let (_, token) = try await app.token(.peopleOfficer)
            let response = try await APIClient(app, token: token).call(
                .POST, "/api/v1/employees",
                [
                    "employeeNumber": "E001", "firstName": "Kadri", "lastName": "Teine", "workEmail": "KADRI@example.ee",
                    "startDate": "2026-02-30",
                ])
            #expect(response.status == .unprocessableEntity)
            let fields = Set((response.json["invalidParams"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String })
            #expect(fields == ["startDate"])
            let taken = try await APIClient(app, token: token).call(
                .POST, "/api/v1/employees",
                ["employeeNumber": "E001", "firstName": "Kadri", "lastName": "Teine", "workEmail": "KADRI@example.ee"])
            let takenFields = Set((taken.json["invalidParams"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String })
            #expect(takenFields == ["employeeNumber", "workEmail"])
            #expect(try await app.count(Employee.self) == 3)
        }
    }

    @Test("Archiving keeps the record: it leaves the default list and stays findable as 'left'")
    func archive() async throws {
        try await TestApp.with { app in
            let org = try await SmallOrganisation.make(app)
            let (_, token) = try await app.token(.peopleOfficer)
            let api = APIClient(app, token: token)
            let archived = try await api.call(
                .POST, "/api/v1/employees/\(org.jaan.id!)/archive", ["endDate": "2026-10-31"], headers: ["If-Match": "\"1\""])
            #expect(archived.status == .ok)
            #expect(archived.json["status"] as? String == "left")
            #expect(archived.json["endDate"] as? String == "2026-10-31")
            #expect(try await api.call(.GET, "/api/v1/employees").json["total"] as? Int == 2)
            #expect(try await api.call(.GET, "/api/v1/employees?status=left").json["total"] as? Int == 1)
            #expect(try await app.count(Employee.self) == 3)
            let tooEarly = try await api.call(
                .POST, "/api/v1/employees/\(org.mart.id!)/archive", ["endDate": "2020-01-01"], headers: ["If-Match": "\"1\""])
            #expect(tooEarly.status == .unprocessableEntity)
        }
    }

    @Test("The directory filters by department and manager, searches name fragments, and sorts")
    func directory() async throws {
        try await TestApp.with { app in
            let org = try await SmallOrganisation.make(app)
            let (_, token) = try await app.token(.technician)
            let api = APIClient(app, token: token)
            let it = try await api.call(.GET, "/api/v1/employees?department=\(org.it.id!)&sort=-name")
            #expect((it.json["items"] as? [[String: Any]])?.compactMap { $0["lastName"] as? String } == ["Tamm", "Saar"])
            #expect(try await api.call(.GET, "/api/v1/employees?manager=\(org.kadri.id!)").json["total"] as? Int == 1)
            #expect(try await api.call(.GET, "/api/v1/employees?managerNumber=E002").json["total"] as? Int == 1)
            #expect(try await api.call(.GET, "/api/v1/employees?managerNumber=E999").status == .unprocessableEntity)
            #expect(try await api.call(.GET, "/api/v1/employees?q=AMM").json["total"] as? Int == 1)
            #expect(try await api.call(.GET, "/api/v1/employees?q=e003").json["total"] as? Int == 1)
            // A search sorts and pages like the list; past the last page the total is still right.
            func lastNames(_ path: String) async throws -> [String] {
                (try await api.call(.GET, path).json["items"] as? [[String: Any]])?.compactMap { $0["lastName"] as? String } ?? []
            }
            #expect(try await lastNames("/api/v1/employees?q=ar&sort=-name") == ["Tamm", "Saar"])
            #expect(try await lastNames("/api/v1/employees?q=ar&sort=-employeeNumber") == ["Saar", "Tamm"])
            #expect(try await lastNames("/api/v1/employees?q=mart&sort=name") == ["Tamm"])
            let pastTheEnd = try await api.call(.GET, "/api/v1/employees?q=ar&offset=10")
            #expect((pastTheEnd.json["items"] as? [Any])?.isEmpty == true)
            #expect(pastTheEnd.json["total"] as? Int == 2)
            #expect(try await api.call(.GET, "/api/v1/employees?status=retired").status == .unprocessableEntity)
        }
    }

    @Test("Name search follows renames, imports and non-ASCII names")
    func searchStaysCurrent() async throws {
        try await TestApp.with { app in
            let org = try await SmallOrganisation.make(app)
            var renamed = EmployeeService.Input(from: org.jaan, userID: nil)
            renamed.lastName = "Põldmäe"
            _ = try await EmployeeService(app: app.app, actor: .system).update(org.jaan.id!, expectedVersion: nil, renamed)
            let (_, token) = try await app.token(.technician)
            let api = APIClient(app, token: token)
            #expect(try await api.call(.GET, "/api/v1/employees?q=saar").json["total"] as? Int == 0)
            #expect(try await api.call(.GET, "/api/v1/employees?q=%C3%B5ldm").json["total"] as? Int == 1)
            #expect(try await api.call(.GET, "/api/v1/employees?q=P%C3%95LDM%C3%84E").json["total"] as? Int == 1)
            _ = try await EmployeeImport(app: app.app, actor: .system).run(
                Array("employee_number,first_name,last_name\r\nE090,Imre,Importeeritud\r\n".utf8), commit: true, language: .en)
            #expect(try await api.call(.GET, "/api/v1/employees?q=porteer").json["total"] as? Int == 1)
            // Kadri Kask: a fragment too short for trigrams is still found.
            #expect(try await api.call(.GET, "/api/v1/employees?q=ka").json["total"] as? Int == 1)
        }
    }

    @Test("A search matching more than 1,000 people says \"more than 1,000\" and still pages them by name; a narrower one counts exactly")
    func broadSearchCountsNoFurther() async throws {
        try await TestApp.with { app in
            try await DemoData.load(into: app.app, employees: 1_500)
            let (_, token) = try await app.token(.technician)
            let api = APIClient(app, token: token)
            let names = try await Employee.query(on: app.app.db).filter(\.$statusRaw != "left").all().map(\.sortName)
            // The commonest letter and a three-letter fragment between 2 and 1,000 matches, from the loaded people.
            let letter = try #require(
                "aeinorst".map(String.init).max { a, b in names.count { $0.contains(a) } < names.count { $0.contains(b) } })
            let broad = names.filter { $0.contains(letter) }
            #expect(broad.count > 1_000)
            let first = try await api.call(.GET, "/api/v1/employees?q=\(letter)&limit=50")
            #expect(first.json["total"] as? Int == 1_000 && first.json["totalIsLowerBound"] as? Bool == true, "\(first.body.prefix(300))")
            #expect(first.json["nextOffset"] as? Int == 50)
            let shown = (first.json["items"] as? [[String: Any]] ?? []).map {
                "\($0["lastName"] ?? "") \($0["firstName"] ?? "")".lowercased()
            }
            // The whole directory in the database's own order, filtered here: the search's first page is its first 50.
            var ordered: [String] = []
            for offset in stride(from: 0, to: names.count, by: 500) {
                let items =
                    try await api.call(.GET, "/api/v1/employees?sort=name&limit=500&offset=\(offset)").json["items"] as? [[String: Any]]
                ordered += (items ?? []).map { "\($0["lastName"] ?? "") \($0["firstName"] ?? "")".lowercased() }
            }
            #expect(shown == Array(ordered.filter { $0.contains(letter) }.prefix(50)), "paged by name among every match")
            // Past the counted thousand the pages go on.
            let deep = try await api.call(.GET, "/api/v1/employees?q=\(letter)&limit=50&offset=\(broad.count - 10)")
            #expect((deep.json["items"] as? [Any])?.count == 10 && deep.json["nextOffset"] == nil)
            let page = try await app.signedIn(.peopleOfficer).get("/employees?q=\(letter)").body
            #expect(page.contains("1–50 of more than 1,000"))
            // A narrow search is counted exactly and says nothing more.
            let narrow = try await api.call(.GET, "/api/v1/employees?q=\(String(broad[0].prefix(4)))")
            #expect(narrow.json["totalIsLowerBound"] == nil && (narrow.json["total"] as? Int ?? 0) >= 1)
        }
    }

    @Test("The directory's totals stay exact through creates, moves, archiving, imports, deletes and a rebuilt migration")
    func totalsStayExact() async throws {
        try await TestApp.with { app in
            let org = try await SmallOrganisation.make(app)
            let (_, token) = try await app.token(.technician)
            let api = APIClient(app, token: token)
            let db = app.app.db
            func expectTotalsMatchTheTable(_ comment: Comment) async throws {
                let filters: [(query: String, count: QueryBuilder<Employee>)] = [
                    ("", Employee.query(on: db).filter(\.$statusRaw != "left")),
                    ("status=all", Employee.query(on: db)),
                    ("status=left", Employee.query(on: db).filter(\.$statusRaw == "left")),
                    (
                        "department=\(org.it.id!)",
                        Employee.query(on: db).filter(\.$statusRaw != "left").filter(\.$departmentID == org.it.id)
                    ),
                    ("site=\(org.site.id!)&status=all", Employee.query(on: db).filter(\.$siteID == org.site.id)),
                    (
                        "department=\(org.management.id!)&site=\(org.site.id!)",
                        Employee.query(on: db).filter(\.$statusRaw != "left").filter(\.$departmentID == org.management.id)
                            .filter(\.$siteID == org.site.id)
                    ),
                ]
                for (query, count) in filters {
                    let total = try await api.call(.GET, "/api/v1/employees?\(query)").json["total"] as? Int
                    #expect(total == (try await count.count()), "\(query): \(comment)")
                }
                let chart = try await OrgChart.build(on: db)
                let itCount = try await Employee.query(on: db).filter(\.$statusRaw != "left").filter(\.$departmentID == org.it.id).count()
                #expect(chart.first?.children.first?.headCount == itCount, "org chart: \(comment)")
            }
            try await expectTotalsMatchTheTable("after creating")
            let people = EmployeeService(app: app.app, actor: .system)
            var moved = EmployeeService.Input(from: org.jaan, userID: nil)
            moved.departmentID = org.management.id
            moved.siteID = nil
            _ = try await people.update(org.jaan.id!, expectedVersion: nil, moved)
            try await expectTotalsMatchTheTable("after moving Jaan to Management and no site")
            _ = try await api.call(
                .POST, "/api/v1/employees/\(org.jaan.id!)/archive", ["endDate": "2026-10-31"], headers: ["If-Match": "\"2\""])
            try await expectTotalsMatchTheTable("after archiving")
            _ = try await EmployeeImport(app: app.app, actor: .system).run(
                Array("employee_number,first_name,last_name,department\r\nE090,Imre,Uus,IT\r\nE091,Ilma,Osakonnata,\r\n".utf8),
                commit: true, language: .en)
            try await expectTotalsMatchTheTable("after importing")
            try await (db as! any SQLDatabase).raw("DELETE FROM employees WHERE employee_number = 'E090'").run()
            try await expectTotalsMatchTheTable("after a row was deleted by hand")
            try await AddEmployeeCounts().revert(on: db)
            try await AddEmployeeCounts().prepare(on: db)
            try await expectTotalsMatchTheTable("after the counts were rebuilt from existing rows")
        }
    }

    @Test("A department, site or cost centre in use is not archived; once empty it is, and leaves lists and the chart")
    func archiveStructure() async throws {
        try await TestApp.with { app in
            let org = try await SmallOrganisation.make(app)
            let structure = StructureService(app: app.app, actor: .system)
            let centre = try await structure.createCostCentre(.init(code: "CC-1", name: "Projects"))
            let projects = try await structure.createDepartment(
                .init(name: "Projects", parentID: org.management.id, costCentreID: centre.id))
            let (_, token) = try await app.token(.itManager)
            let api = APIClient(app, token: token)
            let busy = try await api.call(.POST, "/api/v1/departments/\(org.it.id!)/archive", headers: ["If-Match": "\"1\""])
            #expect(busy.status == .unprocessableEntity)
            #expect((busy.json["invalidParams"] as? [[String: Any]])?.first?["code"] as? String == "in_use")
            #expect(
                try await api.call(.POST, "/api/v1/cost-centres/\(centre.id!)/archive", headers: ["If-Match": "\"1\""]).status
                    == .unprocessableEntity)
            #expect(
                try await api.call(.POST, "/api/v1/sites/\(org.site.id!)/archive", headers: ["If-Match": "\"1\""]).status
                    == .unprocessableEntity)

            let archived = try await api.call(.POST, "/api/v1/departments/\(projects.id!)/archive", headers: ["If-Match": "\"1\""])
            #expect(archived.status == .ok && archived.json["archived"] as? Bool == true)
            #expect(try await api.call(.POST, "/api/v1/cost-centres/\(centre.id!)/archive", headers: ["If-Match": "\"1\""]).status == .ok)
            let names = try await api.call(.GET, "/api/v1/departments").jsonArray.compactMap { $0["name"] as? String }
            #expect(!names.contains("Projects"))
            #expect(try await api.call(.GET, "/api/v1/departments?archived=true").jsonArray.count == 3)
            #expect(!(try await api.call(.GET, "/api/v1/org-chart").body.contains("Projects")))
            #expect(try await AuditEntry.query(on: app.app.db).filter(\.$action == "department.archive").count() == 1)
        }
    }

    @Test("The org chart nests departments with managers and head counts")
    func orgChart() async throws {
        try await TestApp.with { app in
            let org = try await SmallOrganisation.make(app)
            let structure = StructureService(app: app.app, actor: .system)
            _ = try await structure.updateDepartment(
                org.it.id!, expectedVersion: 1, .init(name: "IT", parentID: org.management.id, managerID: org.mart.id))
            let (_, token) = try await app.token(.employee)
            let chart = try await APIClient(app, token: token).call(.GET, "/api/v1/org-chart").jsonArray
            #expect(chart.count == 1)
            #expect(chart.first?["name"] as? String == "Management")
            #expect(chart.first?["headCount"] as? Int == 1)
            #expect(chart.first?["totalHeadCount"] as? Int == 3)
            let it = (chart.first?["children"] as? [[String: Any]])?.first
            #expect(it?["managerName"] as? String == "Mart Tamm")
            #expect(it?["headCount"] as? Int == 2)
        }
    }

    @Test("A manager sees their team, direct and indirect; an employee without reports sees none")
    func myTeam() async throws {
        try await TestApp.with { app in
            let org = try await SmallOrganisation.make(app)
            let (kadriUser, kadriToken) = try await app.token(.employee)
            _ = try await EmployeeService(app: app.app, actor: .system).update(
                org.kadri.id!, expectedVersion: nil,
                .init(
                    employeeNumber: "E001", firstName: "Kadri", lastName: "Kask", workEmail: "kadri@example.ee",
                    departmentID: org.management.id,
                    siteID: org.site.id, startDate: "2024-01-15", status: .active, userID: kadriUser.id))
            let team = try await APIClient(app, token: kadriToken).call(.GET, "/api/v1/me/team").jsonArray
            #expect(team.compactMap { $0["firstName"] as? String } == ["Mart", "Jaan"])
            let (_, otherToken) = try await app.token(.employee)
            #expect(try await APIClient(app, token: otherToken).call(.GET, "/api/v1/me/team").jsonArray.isEmpty)
        }
    }

    @Test("Everyone can download what Quartermaster holds about them, and only about them")
    func myData() async throws {
        try await TestApp.with { app in
            let (me, token) = try await app.token(.employee)
            let other = try await app.makeUser(.employee, name: "Somebody Else")
            _ = try await Browser(app).signIn(email: me.email, password: TestApp.password)
            let response = try await APIClient(app, token: token).call(.GET, "/api/v1/me/data")
            #expect(response.status == .ok)
            #expect(response.headers.first(name: .contentDisposition)?.contains("attachment") == true)
            #expect((response.json["account"] as? [String: Any])?["email"] as? String == me.email)
            #expect((response.json["sessions"] as? [Any])?.count == 1)
            #expect((response.json["signInAttempts"] as? [Any])?.count == 1)
            #expect(!response.body.contains(other.email))
            #expect(!response.body.contains("tokenHash") && !response.body.contains("passwordHash"))
        }
    }

    @Test("Sites keep their rooms; a duplicate room name in one site is refused")
    func sitesAndRooms() async throws {
        try await TestApp.with { app in
            let (_, token) = try await app.token(.itManager)
            let api = APIClient(app, token: token)
            let site = try await api.call(
                .POST, "/api/v1/sites", ["name": "Hamburg", "address": "Speicherstadt 1", "country": "de", "timeZone": "Europe/Berlin"])
            #expect(site.status == .created)
            #expect(site.json["country"] as? String == "DE")
            let id = site.json["id"] as! String
            #expect(try await api.call(.POST, "/api/v1/sites/\(id)/rooms", ["name": "Server room", "floor": "-1"]).status == .created)
            #expect(try await api.call(.POST, "/api/v1/sites/\(id)/rooms", ["name": "Server room"]).status == .unprocessableEntity)
            let rooms = try await api.call(.GET, "/api/v1/sites/\(id)").json["rooms"] as? [[String: Any]]
            #expect(rooms?.count == 1)
            let bad = try await api.call(
                .POST, "/api/v1/sites", ["name": "X", "address": "Y", "country": "Germany", "timeZone": "Mars/Olympus"])
            #expect(
                Set((bad.json["invalidParams"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }) == ["country", "timeZone"])
        }
    }

    @Test("The organisation's currency and fiscal year are settings, validated like the rest")
    func financeSettings() async throws {
        try await TestApp.with { app in
            let (_, token) = try await app.token(.administrator)
            let api = APIClient(app, token: token)
            let ok = try await api.call(
                .PATCH, "/api/v1/organisation", ["defaultCurrency": "sek", "fiscalYearStartMonth": 7], headers: ["If-Match": "\"1\""])
            #expect(ok.json["defaultCurrency"] as? String == "SEK")
            #expect(ok.json["fiscalYearStartMonth"] as? Int == 7)
            let bad = try await api.call(
                .PATCH, "/api/v1/organisation", ["defaultCurrency": "XBT", "fiscalYearStartMonth": 13], headers: ["If-Match": "\"2\""])
            #expect(
                Set((bad.json["invalidParams"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }) == [
                    "defaultCurrency", "fiscalYearStartMonth",
                ])
        }
    }
}
