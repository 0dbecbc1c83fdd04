import Domain
import Fluent
import Foundation
import Testing

@testable import App

@Suite("Organisation on the command line", .serialized)
struct OrganisationCommandTests {
    @Test("demo load fills an empty organisation, links the demo accounts, and refuses a second time")
    func demoLoad() async throws {
        try await TestApp.with { app in
            let result = try CommandLine.run(["demo", "load", "--database", app.databaseURL, "--employees", "60", "--seed", "7"])
            #expect(result.status == 0, "\(result.error)")
            #expect(result.output.contains("Loaded 60 employees in 8 departments at 3 sites"))
            #expect(try await app.count(Employee.self) == 60)
            let karin = try await User.query(on: app.app.db).filter(\.$email == "senior.it.manager@demo.example").first()
            let linked = try await Employee.query(on: app.app.db).filter(\.$userID == karin?.id).first()
            #expect(linked?.lastName == "Lindqvist")
            #expect(try await app.app.auditSeal.verify(on: app.app.db) != .intact(entries: 0))
            let again = try CommandLine.run(["demo", "load", "--database", app.databaseURL])
            #expect(again.status == 1)
            #expect(again.error.contains("already has employees"))
            #expect(try await app.count(Employee.self) == 60)
        }
    }

    @Test("employee erase pseudonymises a long-gone employee, keeps the history, and the audit chain verifies")
    func erase() async throws {
        try await TestApp.with { app in
            let org = try await SmallOrganisation.make(app)
            let service = EmployeeService(app: app.app, actor: .system)
            let former = try await service.create(
                .init(
                    employeeNumber: "E004", firstName: "Tiina", lastName: "Lepik", workEmail: "tiina@example.ee", phone: "+372 5555 1234",
                    departmentID: org.it.id, managerID: org.mart.id, startDate: "2015-03-01", endDate: "2020-06-30", status: .left))
            let active = try CommandLine.run(["employee", "erase", "--database", app.databaseURL, "E002"])
            #expect(active.status == 1)
            #expect(active.error.contains("has not left"))

            let erased = try CommandLine.run(["employee", "erase", "--database", app.databaseURL, "E004"])
            #expect(erased.status == 0, "\(erased.error)")
            let record = try await Employee.find(former.id, on: app.app.db)
            #expect(record?.firstName == "—")
            #expect(record?.lastName.hasPrefix("E-") == true)
            #expect(record?.workEmail == nil && record?.phone == nil)
            #expect(record?.departmentID == org.it.id && record?.managerID == org.mart.id && record?.startDateText == "2015-03-01")
            let entry = try await AuditEntry.query(on: app.app.db).filter(\.$action == "employee.erase").first()
            #expect(entry?.changesJSON.contains("Tiina") == false)
            #expect(try CommandLine.run(["audit", "verify", "--database", app.databaseURL]).status == 0)
            #expect(try CommandLine.run(["employee", "erase", "--database", app.databaseURL, "E004"]).error.contains("erased already"))
        }
    }

    @Test("An employee inside the retention period is not erased")
    func retention() async throws {
        try await TestApp.with { app in
            let org = try await SmallOrganisation.make(app)
            // The test clock stands in November 2026; 36 months after October 2026 is October 2029.
            _ = try await EmployeeService(app: app.app, actor: .system).archive(
                org.jaan.id!, expectedVersion: nil, endDate: CalendarDate("2026-10-31"))
            let result = try CommandLine.run(["employee", "erase", "--database", app.databaseURL, "E003"])
            #expect(result.status == 1)
            #expect(result.error.contains("until 2029-10-31"))
            #expect(try await Employee.find(org.jaan.id, on: app.app.db)?.firstName == "Jaan")
        }
    }
}
