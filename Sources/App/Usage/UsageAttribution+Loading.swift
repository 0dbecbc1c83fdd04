import Domain
import Fluent
import Foundation
import SQLKit
import UsageCounting

extension UsageAttribution {
    /// Who was behind the log lines: the people, their accounts and mailboxes, the devices at each address and who held
    /// them when, the sites of the prefixes — read from the records as they are now.
    static func load(on db: any Database) async throws -> UsageAttribution {
        let sql = db.sql
        var attribution = UsageAttribution()
        let rows = try await sql.select()
            .column(SQLColumn("id", table: "e")).column(SQLColumn("department_id", table: "e"))
            .column(SQLColumn("site_id", table: "e")).column(SQLColumn("work_email", table: "e"))
            .column(SQLColumn("employee_number", table: "e")).column(SQLColumn("email", table: "u"), as: "sign_in_email")
            .from(SQLAlias(SQLIdentifier(Employee.schema), as: SQLIdentifier("e")))
            .join(
                SQLAlias(SQLIdentifier(User.schema), as: SQLIdentifier("u")), method: SQLJoinMethod.left,
                on: SQLColumn("user_id", table: "e"), .equal, SQLColumn("id", table: "u")
            )
            .where(SQLColumn("erased_at", table: "e"), .is, SQLLiteral.null)
            .orderBy(SQLColumn("id", table: "e")).all()
        var indexByID: [UUID: Int] = [:]
        for row in rows {
            let id = try row.decode(column: "id", as: UUID.self)
            indexByID[id] = attribution.addPerson(
                Person(
                    id: id, departmentID: try row.decode(column: "department_id", as: UUID?.self),
                    siteID: try row.decode(column: "site_id", as: UUID?.self)),
                employeeNumber: try row.decode(column: "employee_number", as: String.self),
                workEmail: try row.decode(column: "work_email", as: String?.self),
                signInEmail: try row.decode(column: "sign_in_email", as: String?.self))
        }
        for row in try await sql.select().column(SQLColumn("address", table: "a")).column(SQLColumn("asset_id", table: "i"))
            .from(SQLAlias(SQLIdentifier(IPAddressRecord.schema), as: SQLIdentifier("a")))
            .join(
                SQLAlias(SQLIdentifier(NetworkInterface.schema), as: SQLIdentifier("i")), method: SQLJoinMethod.inner,
                on: SQLColumn("interface_id", table: "a"), .equal, SQLColumn("id", table: "i")
            )
            .where(SQLColumn("asset_id", table: "i"), .isNot, SQLLiteral.null).all()
        {
            guard let address = IPAddress(try row.decode(column: "address", as: String.self)) else { continue }
            attribution.addDevice(try row.decode(column: "asset_id", as: UUID.self), at: address)
        }
        let devices = attribution.devices
        for chunk in devices.boundChunks(sorted: true) {
            var open: [UUID: (from: Int64, person: Int?)] = [:]
            for row in try await sql.select().columns("asset_id", "occurred_at", "kind", "employee_id").from(AssetEvent.schema)
                .where("asset_id", .in, SQLBind.group(chunk)).where("kind", .in, SQLBind.group(["checkout", "checkin"]))
                .orderBy("asset_id").orderBy("sequence").all()
            {
                let asset = try row.decode(column: "asset_id", as: UUID.self)
                let at = Int64((try row.decode(column: "occurred_at", as: Date.self).timeIntervalSince1970 * 1000).rounded())
                if let previous = open.removeValue(forKey: asset) {
                    attribution.addHolding(Holding(from: previous.from, until: at, person: previous.person), of: asset)
                }
                if try row.decode(column: "kind", as: String.self) == "checkout" {
                    open[asset] = (at, try row.decode(column: "employee_id", as: UUID?.self).flatMap { indexByID[$0] })
                }
            }
            for (asset, holding) in open {
                attribution.addHolding(Holding(from: holding.from, until: .max, person: holding.person), of: asset)
            }
            // Assets handed out before their history was kept: held since they were assigned, or always.
            for row in try await sql.select().columns("id", "assigned_employee_id", "assigned_at").from(Asset.schema)
                .where("id", .in, SQLBind.group(chunk)).where("assigned_employee_id", .isNot, SQLLiteral.null).all()
            {
                let asset = try row.decode(column: "id", as: UUID.self)
                guard !attribution.hasHoldings(asset),
                    let person = try row.decode(column: "assigned_employee_id", as: UUID?.self).flatMap({ indexByID[$0] })
                else { continue }
                let since = try row.decode(column: "assigned_at", as: Date?.self).map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) }
                attribution.addHolding(Holding(from: since ?? .min, until: .max, person: person), of: asset)
            }
        }
        for row in try await sql.select().columns("prefix", "site_id").from(IPPrefixRecord.schema)
            .where("site_id", .isNot, SQLLiteral.null).all()
        {
            guard let prefix = IPPrefix(try row.decode(column: "prefix", as: String.self)) else { continue }
            attribution.addPrefix(prefix, site: try row.decode(column: "site_id", as: UUID.self))
        }
        attribution.finish()
        return attribution
    }
}
