import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Writing a checked import: the assets in bulk, their history and the audit trail, in one transaction.
extension AssetImport {
    static let assetColumns = [
        "id", "tag", "tag_key", "name", "serial", "imei", "model_id", "type", "status", "site_id", "room_id", "assigned_employee_id",
        "assigned_site_id", "assigned_at", "receipt_confirmed_at", "purchase_date", "purchase_cost_minor", "purchase_cost_currency",
        "supplier", "order_number", "cost_centre_id", "warranty_end", "notes", "last_seen_at", "custom_values", "search_text", "version",
        "created_at", "updated_at",
    ]

    private static func values(_ a: Asset) -> [BulkInsert.Value] {
        func text(_ value: String?) -> BulkInsert.Value { value.map { .text($0) } ?? .null }
        func uuid(_ value: UUID?) -> BulkInsert.Value { value.map { .uuid($0) } ?? .null }
        func date(_ value: Date?) -> BulkInsert.Value { value.map { .date($0) } ?? .null }
        return [
            .uuid(a.id!), .text(a.tag), .text(a.tagKey), .text(a.name), text(a.serial), text(a.imei), .uuid(a.modelID), .text(a.typeRaw),
            .text(a.statusRaw), uuid(a.siteID), uuid(a.roomID), uuid(a.assignedEmployeeID), uuid(a.assignedSiteID), date(a.assignedAt),
            date(a.receiptConfirmedAt), text(a.purchaseDateText), a.purchaseCostMinor.map { .int(Int($0)) } ?? .null,
            text(a.purchaseCostCurrency), .text(a.supplier), .text(a.orderNumber), uuid(a.costCentreID), text(a.warrantyEndText),
            .text(a.notes), date(a.lastSeenAt), .text(a.customValuesText), .text(a.searchText), .int(a.version), .date(a.createdAt),
            .date(a.updatedAt),
        ]
    }

    func write(_ plan: ImportPlan<Asset>, moves: [UUID: [Move]], skipped: Int, at now: Date) async throws {
        let actor = self.actor
        try await app.write { db in
            let sql = db.sql
            try await plan.checkVersions(on: db)
            try await BulkInsert.rows(into: Asset.schema, columns: Self.assetColumns, plan.creates.map(Self.values), on: db)
            for change in plan.changes {
                try await BulkInsert.update(Asset.schema, columns: Self.assetColumns, Self.values(change.record), on: db)
            }
            // Each asset's history continues after its last entry (a new asset's starts at 1).
            var sequences: [UUID: Int] = [:]
            let moving = plan.changes.map(\.record.id!).filter { moves[$0] != nil }
            for start in stride(from: 0, to: moving.count, by: 500) {
                let part = Array(moving[start..<min(start + 500, moving.count)])
                let rows = try await sql.select().column("asset_id").column(SQLFunction("max", args: SQLIdentifier("sequence")), as: "n")
                    .from(AssetEvent.schema).where("asset_id", .in, SQLBind.group(part)).groupBy("asset_id").all()
                for row in rows { sequences[try row.decode(column: "asset_id", as: UUID.self)] = try row.decode(column: "n", as: Int.self) }
            }
            var events: [[BulkInsert.Value]] = []
            for (asset, list) in moves.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
                let base = sequences[asset] ?? 0
                for (offset, move) in list.enumerated() {
                    events.append([
                        .uuid(UUID()), .uuid(asset), .int(base + offset + 1), .date(now), .text(actor.label), .text(move.kind.rawValue),
                        move.from.map { .text($0.rawValue) } ?? .null, .text(move.to.rawValue), move.employee.map { .uuid($0) } ?? .null,
                        move.site.map { .uuid($0) } ?? .null, .text(""), .bool(false), .bool(true),
                    ])
                }
            }
            try await BulkInsert.rows(
                into: AssetEvent.schema,
                columns: [
                    "id", "asset_id", "sequence", "occurred_at", "actor", "kind", "from_status", "to_status", "employee_id", "site_id",
                    "reason", "data_wipe_confirmed", "via_import",
                ], events, on: db)
            try await AuditLog.appendBatch(on: db, actor: actor, plan.auditEntries(skipped: skipped), at: now)
        }
    }
}
