import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Imports installations: new ones are recorded, a different version or date updates one, the same is no change.
/// Each installation recorded or changed has its audit entry under its product, as when entered by hand.
struct InstallationImport: Sendable {
    let app: Application
    let actor: AuditActor

    func run(_ data: [UInt8], commit: Bool, mode: ImportMode = .allOrNothing, language: Language) async throws -> ImportReport {
        var problems = ImportProblems(localizer: app.services.localizer, language: language)
        guard let rows = problems.readTable(data, known: InstallationTable.columns, required: InstallationTable.required) else {
            return problems.refused(rows: 0)
        }
        let db = app.db
        let sql = db.sql
        struct AssetRow: Decodable {
            let id: UUID
            let tag: String
            let tag_key: String
        }
        let assets = Dictionary(
            try await sql.select().column("id").column("tag").column("tag_key").from(Asset.schema).all(decoding: AssetRow.self)
                .map { ($0.tag_key, $0) }, uniquingKeysWith: { a, _ in a })
        var products = Dictionary(
            try await SoftwareProduct.query(on: db).all().map { ($0.nameKey, $0) }, uniquingKeysWith: { a, _ in a })
        struct InstallRow: Decodable {
            let id: UUID
            let product_id: UUID
            let asset_id: UUID
            let product_version: String
            let installed_on: String?
        }
        let existing = Dictionary(
            try await sql.select().columns("id", "product_id", "asset_id", "product_version", "installed_on").from(SoftwareInstall.schema)
                .all(decoding: InstallRow.self).map { (Key(product: $0.product_id, asset: $0.asset_id), $0) },
            uniquingKeysWith: { a, _ in a })
        let now = app.services.clock.now()
        var newProducts: [SoftwareProduct] = []
        var creates: [(Key, version: String, date: String?, tag: String)] = []
        var updates: [(id: UUID, key: Key, version: String, date: String?, diff: [String: AuditChange])] = []
        var unchanged = 0
        var skipped = 0
        var seen = Set<Key>()
        for (index, values) in rows.enumerated() {
            let row = index + 2
            var failed = false
            func fail(_ column: String, _ code: String) {
                problems.fail(row, column, code)
                failed = true
            }
            func value(_ column: String) -> String { (values[column] ?? "").trimmingCharacters(in: .whitespaces) }
            let asset = assets[value("device").uppercased()]
            if value("device").isEmpty { fail("device", "required") } else if asset == nil { fail("device", "not_found") }
            if value("product").isEmpty { fail("product", "required") }
            if value("publisher").count > 100 { fail("publisher", "too_long") }
            if value("product").count > 200 { fail("product", "too_long") }
            if value("version").count > 100 { fail("version", "too_long") }
            let typedDate = value("installed_on").nilIfEmpty
            if let typedDate, CalendarDate(typedDate) == nil { fail("installed_on", "date_invalid") }
            let nameKey = SoftwareProduct.key(publisher: value("publisher"), name: value("product"))
            var category = SoftwareCategory.other
            if let text = value("category").nilIfEmpty {
                if let parsed = SoftwareCategory(rawValue: text.lowercased()) { category = parsed } else { fail("category", "invalid") }
            }
            guard !failed, let asset else {
                skipped += 1
                continue
            }
            let product: SoftwareProduct
            if let known = products[nameKey] {
                product = known
            } else {
                product = SoftwareProduct()
                product.id = UUID()
                (product.publisher, product.name, product.nameKey, product.categoryRaw, product.notes) = (
                    value("publisher"), value("product"), nameKey, category.rawValue, ""
                )
                (product.version, product.createdAt, product.updatedAt) = (1, now, now)
                products[nameKey] = product
                newProducts.append(product)
            }
            let key = Key(product: product.id!, asset: asset.id)
            guard seen.insert(key).inserted else {
                fail("product", "duplicate_in_file")
                skipped += 1
                continue
            }
            // Columns the file leaves out keep what is stored.
            let current = existing[key]
            let version = problems.header.contains("version") ? value("version") : current?.product_version ?? ""
            let date = problems.header.contains("installed_on") ? typedDate : current?.installed_on
            if let current {
                let diff = AuditLog.diff(
                    before: ["asset": asset.tag, "version": current.product_version, "installed_on": current.installed_on ?? ""],
                    after: ["asset": asset.tag, "version": version, "installed_on": date ?? ""])
                if diff.isEmpty {
                    unchanged += 1
                } else {
                    var changes = diff
                    changes["asset"] = AuditChange(before: asset.tag, after: asset.tag)
                    updates.append((current.id, key, version, date, changes))
                }
            } else {
                creates.append((key, version, date, asset.tag))
            }
        }
        let errors = problems.sortedErrors
        let report = ImportReport(
            rows: rows.count, created: creates.count, updated: updates.count, unchanged: unchanged, skipped: skipped, errors: errors,
            committed: false)
        guard mode.writes(commit: commit, errors: errors) else { return report }
        let actor = self.actor
        try await app.write { [newProducts, creates, updates, skipped] db in
            let sql = db.sql
            for product in newProducts { try await product.insertAudited(on: db, actor: actor, at: now) }
            try await BulkInsert.rows(
                into: SoftwareInstall.schema,
                columns: ["id", "product_id", "asset_id", "product_version", "installed_on", "source", "created_at"],
                creates.map {
                    [
                        .uuid(UUID()), .uuid($0.0.product), .uuid($0.0.asset), .text($0.version), $0.date.map { .text($0) } ?? .null,
                        .text("import"), .date(now),
                    ]
                }, on: db)
            for update in updates {
                try await sql.update(SoftwareInstall.schema).set("product_version", to: update.version)
                    .set(SQLIdentifier("installed_on"), to: update.date.map { SQLBind($0) as any SQLExpression } ?? SQLLiteral.null)
                    .set("source", to: "import").where("id", .equal, update.id).run()
            }
            var entries = creates.map {
                AuditLog.Pending(
                    action: "software_product.install", entityType: SoftwareProduct.auditEntityType, entityID: $0.0.product.uuidString,
                    changes: AuditLog.diff(before: nil, after: ["asset": $0.tag, "version": $0.version, "installed_on": $0.date ?? ""]))
            }
            entries += updates.map {
                AuditLog.Pending(
                    action: "software_product.install_update", entityType: SoftwareProduct.auditEntityType,
                    entityID: $0.key.product.uuidString,
                    changes: $0.diff)
            }
            var counts = [
                "created": AuditChange(before: nil, after: String(creates.count)),
                "updated": AuditChange(before: nil, after: String(updates.count)),
            ]
            if skipped > 0 { counts["skipped"] = AuditChange(before: nil, after: String(skipped)) }
            entries.append(
                AuditLog.Pending(
                    action: "software_product.import_installations", entityType: SoftwareProduct.auditEntityType, entityID: nil,
                    changes: counts))
            try await AuditLog.appendBatch(on: db, actor: actor, entries, at: now)
        }
        return ImportReport(
            rows: rows.count, created: creates.count, updated: updates.count, unchanged: unchanged, skipped: skipped, errors: errors,
            committed: true)
    }

    private struct Key: Hashable {
        let product: UUID
        let asset: UUID
    }
}
