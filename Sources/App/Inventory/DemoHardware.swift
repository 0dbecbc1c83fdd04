import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Writes a `DemoHardwarePlan` for the demo company into an organisation that has no assets yet: in one transaction,
/// in multi-row inserts, with one audit entry for the whole load (as `DemoCompany` does for the people). Each asset's
/// history starts with its recording and, for one that is held, its check-out.
enum DemoHardware {
    static let siteCodes = ["Tallinn": "tll", "Hamburg": "ham", "Stockholm": "sto"]

    /// - Parameter unconfirmed: employees whose receipt stays unconfirmed, so the demo shows the confirmation.
    static func load(into app: Application, unconfirmed: Set<UUID> = []) async throws {
        guard try await Asset.query(on: app.db).count() == 0 else { return }
        let sql = app.db.sql
        let settings = try await OrganisationSettings.current(on: app.db)
        let sites = try await Site.query(on: app.db).sort(\.$name).all().map { site in
            DemoHardwarePlan.Site(
                id: site.id!, code: siteCodes[site.name] ?? String(site.name.lowercased().prefix(3)),
                currency: site.country == "SE" ? .sek : .eur)
        }
        guard !sites.isEmpty else { return }
        struct HolderRow: Decodable {
            let id: UUID
            let site_id: UUID?
        }
        let holders = try await sql.raw(
            "SELECT id, site_id FROM employees WHERE status <> 'left' ORDER BY employee_number"
        ).all(decoding: HolderRow.self).map { DemoHardwarePlan.Holder(id: $0.id, siteID: $0.site_id ?? sites[0].id) }
        let now = app.services.clock.now()
        let zone = TimeZone(identifier: settings.timeZone) ?? .gmt
        let plan = DemoHardwarePlan(
            holders: holders, sites: sites, today: CalendarDate(now, in: zone), tagPrefix: settings.assetTagPrefix,
            unconfirmedHolders: unconfirmed, seed: 1)
        let manufacturerIDs = Dictionary(
            Set(plan.models.map(\.manufacturer)).sorted().map { ($0, UUID()) }, uniquingKeysWith: { first, _ in first })
        try await app.write { db in
            let sql = db.sql
            for (name, id) in manufacturerIDs.sorted(by: { $0.key < $1.key }) {
                try await sql.insert(into: Manufacturer.schema).columns("id", "name", "name_key", "version", "created_at", "updated_at")
                    .values(SQLBind(id), SQLBind(name), SQLBind(name.lowercased()), SQLBind(1), SQLBind(now), SQLBind(now)).run()
            }
            for model in plan.models {
                try await sql.insert(into: AssetModel.schema).columns(
                    "id", "manufacturer_id", "name", "type", "end_of_life", "lifetime_months", "list_price_minor", "list_price_currency",
                    "version", "created_at", "updated_at"
                )
                .values(
                    SQLBind(model.id), SQLBind(manufacturerIDs[model.manufacturer]!), SQLBind(model.name), SQLBind(model.type.rawValue),
                    SQLBind(model.endOfLife?.description), SQLBind(model.lifetimeMonths), SQLBind(model.listPriceCents),
                    SQLBind(Currency.eur.code), SQLBind(1), SQLBind(now), SQLBind(now)
                ).run()
            }
            for batch in stride(from: 0, to: plan.assets.count, by: 400) {
                let part = plan.assets[batch..<min(batch + 400, plan.assets.count)]
                var insert = sql.insert(into: Asset.schema).columns(
                    "id", "tag", "tag_key", "name", "serial", "imei", "model_id", "type", "status", "site_id", "assigned_employee_id",
                    "assigned_site_id", "assigned_at", "receipt_confirmed_at", "purchase_date", "purchase_cost_minor",
                    "purchase_cost_currency", "supplier",
                    "order_number", "warranty_end", "notes", "search_text", "version", "created_at", "updated_at")
                var events = sql.insert(into: AssetEvent.schema).columns(
                    "id", "asset_id", "sequence", "occurred_at", "actor", "kind", "from_status", "to_status", "employee_id", "site_id",
                    "reason", "data_wipe_confirmed")
                for asset in part {
                    insert = insert.values(
                        SQLBind(asset.id), SQLBind(asset.tag), SQLBind(asset.tag.uppercased()), SQLBind(asset.name), SQLBind(asset.serial),
                        SQLBind(asset.imei), SQLBind(asset.modelID), SQLBind(asset.type.rawValue), SQLBind(asset.status.rawValue),
                        SQLBind(asset.siteID), SQLBind(asset.holderID), SQLBind(asset.holderSiteID),
                        SQLBind(asset.status == .deployed ? now : nil),
                        SQLBind(asset.holderID != nil && asset.receiptConfirmed ? now : nil), SQLBind(asset.purchaseDate.description),
                        SQLBind(asset.purchaseCost.minorUnits), SQLBind(asset.purchaseCost.currency.code), SQLBind(asset.supplier),
                        SQLBind("PO-\(asset.purchaseDate.year)-\(asset.tag.suffix(4))"), SQLBind(asset.warrantyEnd.description),
                        SQLBind(""),
                        SQLBind(Asset.searchText(tag: asset.tag, name: asset.name, serial: asset.serial, imei: asset.imei)), SQLBind(1),
                        SQLBind(now), SQLBind(now))
                    events = events.values(
                        SQLBind(UUID()), SQLBind(asset.id), SQLBind(1), SQLBind(now), SQLBind(AuditActor.system.label),
                        SQLBind(AssetEvent.Kind.created.rawValue), SQLBind(String?.none),
                        SQLBind((asset.status == .deployed ? .inStock : asset.status).rawValue),
                        SQLBind(UUID?.none), SQLBind(UUID?.none), SQLBind(""), SQLBind(false))
                    if asset.status == .deployed {
                        events = events.values(
                            SQLBind(UUID()), SQLBind(asset.id), SQLBind(2), SQLBind(now), SQLBind(AuditActor.system.label),
                            SQLBind(AssetEvent.Kind.checkout.rawValue), SQLBind(AssetStatus.inStock.rawValue),
                            SQLBind(AssetStatus.deployed.rawValue), SQLBind(asset.holderID), SQLBind(asset.holderSiteID), SQLBind(""),
                            SQLBind(false))
                    }
                }
                try await insert.run()
                try await events.run()
            }
            try await AuditLog.append(
                on: db, actor: .system, action: "demo.load_hardware", entityType: "organisation", entityID: "1",
                changes: [
                    "models": AuditChange(before: "0", after: String(plan.models.count)),
                    "assets": AuditChange(before: "0", after: String(plan.assets.count)),
                ], at: now)
        }
        try await refreshStatistics(of: Asset.schema, on: app.db)
    }
}
