import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Writes a `DemoSoftwarePlan` into an organisation that has hardware but no software yet: products, installations and
/// seat assignments in bulk (`BulkInsert`) with one audit entry for the load; licences through the service (audited one
/// by one, their keys sealed), as there are only a handful.
enum DemoSoftware {
    static func load(into app: Application) async throws {
        guard try await SoftwareProduct.query(on: app.db).count() == 0 else { return }
        let sql = app.db.sql
        struct DeviceRow: Decodable {
            let id: UUID
            let type: String
            let assigned_employee_id: UUID?
            let site_id: UUID?
        }
        let devices = try await sql.raw(
            "SELECT id, type, assigned_employee_id, site_id FROM assets WHERE type IN ('laptop', 'workstation', 'server') ORDER BY tag_key"
        ).all(decoding: DeviceRow.self).map {
            DemoSoftwarePlan.Device(
                id: $0.id, type: AssetType(rawValue: $0.type) ?? .other, holderID: $0.assigned_employee_id, siteID: $0.site_id)
        }
        guard !devices.isEmpty else { return }
        let sites = try await Site.query(on: app.db).all()
        let swedish = Set(sites.filter { $0.country == "SE" }.compactMap(\.id))
        let plan = DemoSoftwarePlan(
            devices: devices, sites: Dictionary(sites.map { ($0.name, $0.id!) }, uniquingKeysWith: { first, _ in first }),
            currencyOf: { $0.map { swedish.contains($0) } == true ? .sek : .eur }, today: try await app.organisationToday())
        let now = app.services.clock.now()
        try await app.write { db in
            let sql = db.sql
            var products = sql.insert(into: SoftwareProduct.schema).columns(
                "id", "publisher", "name", "name_key", "category", "notes", "version", "created_at", "updated_at")
            for product in plan.products {
                products = products.values(
                    SQLBind(product.id), SQLBind(product.publisher), SQLBind(product.name),
                    SQLBind(SoftwareProduct.key(publisher: product.publisher, name: product.name)), SQLBind(product.category.rawValue),
                    SQLBind(""), SQLBind(1), SQLBind(now), SQLBind(now))
            }
            try await products.run()
            try await BulkInsert.rows(
                into: SoftwareInstall.schema,
                columns: ["id", "product_id", "asset_id", "product_version", "installed_on", "source", "created_at"],
                plan.installations.map {
                    [.uuid(UUID()), .uuid($0.productID), .uuid($0.deviceID), .text($0.version), .null, .text("import"), .date(now)]
                }, on: db)
            try await AuditLog.append(
                on: db, actor: .system, action: "demo.load_software", entityType: "organisation", entityID: "1",
                changes: [
                    "products": AuditChange(before: "0", after: String(plan.products.count)),
                    "installations": AuditChange(before: "0", after: String(plan.installations.count)),
                ], at: now)
        }
        let service = SoftwareService(app: app, actor: .system)
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("BCDFGHJKMPQRTVWXY2346789")
        for licence in plan.licences {
            // A key in the five-by-five form volume keys have; random, so no two demo databases share one.
            let key = (0..<5).map { _ in String((0..<5).map { _ in alphabet.randomElement(using: &generator)! }) }.joined(separator: "-")
            let created = try await service.createLicence(
                .init(
                    productID: licence.productID, name: licence.name, kind: licence.kind.rawValue, seats: licence.seats,
                    siteID: licence.siteID, cost: licence.cost, billing: licence.billing.rawValue, startDate: licence.start.description,
                    renewalDate: licence.renewal?.description, autoRenews: licence.autoRenews, key: licence.hasKey ? key : nil))
            guard !licence.assignees.isEmpty else { continue }
            try await app.write { db in
                try await BulkInsert.rows(
                    into: LicenceAssignment.schema, columns: ["id", "licence_id", "employee_id", "asset_id", "assigned_at", "assigned_by"],
                    licence.assignees.map {
                        [.uuid(UUID()), .uuid(created.id!), .uuid($0), .null, .date(now), .text(AuditActor.system.label)]
                    },
                    on: db)
                try await AuditLog.append(
                    on: db, actor: .system, action: "licence.assign", entityType: Licence.auditEntityType, entityID: created.id!.uuidString,
                    changes: ["assignees": AuditChange(before: "0", after: String(licence.assignees.count))], at: now)
            }
        }
    }
}
