import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Writes a `DemoCompanyPlan` into an empty organisation: in one transaction, in multi-row inserts (500 rows a
/// statement), with one audit entry for the whole load.
enum DemoCompany {
    struct Summary: Sendable {
        let sites: Int
        let departments: Int
        let employees: Int
    }

    enum Refusal: Error, CustomStringConvertible {
        case notEmpty
        var description: String { "the organisation already has employees; demo data is loaded only into an empty one" }
    }

    static func load(
        _ plan: DemoCompanyPlan, into app: Application, actor: AuditActor, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws -> Summary {
        guard try await Employee.query(on: app.db).count() == 0 else { throw Refusal.notEmpty }
        let now = app.services.clock.now()
        try await app.write { db in
            let sql = db.sql
            for site in plan.sites {
                try await sql.insert(into: "sites").columns(
                    "id", "name", "address", "country", "time_zone", "version", "created_at", "updated_at"
                )
                .values(
                    SQLBind(site.id), SQLBind(site.name), SQLBind(site.address), SQLBind(site.country), SQLBind(site.timeZone), SQLBind(1),
                    SQLBind(now), SQLBind(now)
                )
                .run()
                for room in site.rooms {
                    try await sql.insert(into: "rooms").columns("id", "site_id", "name").values(
                        SQLBind(UUID()), SQLBind(site.id), SQLBind(room)
                    ).run()
                }
            }
            for department in plan.departments {
                try await sql.insert(into: "cost_centres").columns("id", "code", "name", "owner_id", "version", "created_at", "updated_at")
                    .values(
                        SQLBind(department.costCentreID), SQLBind(department.costCentreCode), SQLBind(department.name),
                        SQLBind(department.managerID), SQLBind(1), SQLBind(now), SQLBind(now)
                    )
                    .run()
            }
            // Parents first: the tree's foreign key must always point at an existing row.
            for department in plan.departments.sorted(by: { ($0.parentID == nil ? 0 : 1) < ($1.parentID == nil ? 0 : 1) }) {
                try await sql.insert(into: "departments")
                    .columns("id", "name", "parent_id", "manager_id", "cost_centre_id", "site_id", "version", "created_at", "updated_at")
                    .values(
                        SQLBind(department.id), SQLBind(department.name), SQLBind(department.parentID), SQLBind(department.managerID),
                        SQLBind(department.costCentreID), SQLBind(department.siteID), SQLBind(1), SQLBind(now), SQLBind(now)
                    )
                    .run()
            }
            var written = 0
            for batch in stride(from: 0, to: plan.people.count, by: 500) {
                var insert = sql.insert(into: "employees").columns(
                    "id", "employee_number", "first_name", "last_name", "sort_name", "work_email", "phone", "job_title", "department_id",
                    "site_id",
                    "manager_id", "start_date", "end_date", "status", "version", "created_at", "updated_at")
                for person in plan.people[batch..<min(batch + 500, plan.people.count)] {
                    insert = insert.values(
                        SQLBind(person.id), SQLBind(person.number), SQLBind(person.firstName), SQLBind(person.lastName),
                        SQLBind(Employee.sortName(first: person.firstName, last: person.lastName)), SQLBind(person.email),
                        SQLBind(person.phone),
                        SQLBind(person.jobTitle), SQLBind(person.departmentID), SQLBind(person.siteID), SQLBind(person.managerID),
                        SQLBind(person.startDate.description), SQLBind(person.endDate?.description), SQLBind(person.status.rawValue),
                        SQLBind(1),
                        SQLBind(now), SQLBind(now))
                }
                try await insert.run()
                written = min(batch + 500, plan.people.count)
                progress(written, plan.people.count)
            }
            try await AuditLog.append(
                on: db, actor: actor, action: "demo.load", entityType: "organisation", entityID: "1",
                changes: [
                    "sites": AuditChange(before: "0", after: String(plan.sites.count)),
                    "departments": AuditChange(before: "0", after: String(plan.departments.count)),
                    "employees": AuditChange(before: "0", after: String(plan.people.count)),
                ], at: now)
        }
        try await refreshStatistics(of: "employees", on: app.db)
        return Summary(sites: plan.sites.count, departments: plan.departments.count, employees: plan.people.count)
    }
}
