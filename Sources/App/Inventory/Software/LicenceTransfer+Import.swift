import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Imports licences. Products must exist (they are made on the software page, or by importing installations); seats
/// are never set below those assigned, and a licence's kind does not change while seats are assigned.
struct LicenceImport: Sendable {
    let app: Application
    let actor: AuditActor

    func run(_ data: [UInt8], commit: Bool, mode: ImportMode = .allOrNothing, language: Language) async throws -> ImportReport {
        var problems = ImportProblems(localizer: app.services.localizer, language: language)
        guard
            let rows = problems.readTable(data, known: LicenceTable.columns + LicenceTable.importOnly, required: LicenceTable.required)
        else {
            return problems.refused(rows: 0)
        }
        let db = app.db
        let names = try await LicenceTable.Names.load(on: db)
        let products = Dictionary(names.products.values.map { ($0.nameKey, $0.id!) }, uniquingKeysWith: { a, _ in a })
        let existing = try await Licence.query(on: db).all()
        let byKey = Dictionary(
            existing.map { (Key(product: $0.productID, name: $0.name.lowercased()), $0) }, uniquingKeysWith: { a, _ in a })
        let vendors = Dictionary(names.vendors.map { ($1.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
        let sites = Dictionary(names.sites.map { ($1.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
        let centres = Dictionary(names.costCentres.map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var assigned: [UUID: Int] = [:]
        for row in try await db.sql.select().column("licence_id").column(
            SQLFunction("count", args: SQLLiteral.all), as: "n"
        )
        .from(LicenceAssignment.schema).groupBy("licence_id").all() {
            assigned[try row.decode(column: "licence_id", as: UUID.self)] = try row.decode(column: "n", as: Int.self)
        }
        let settings = try await OrganisationSettings.current(on: db)
        let box = app.services.secretBox
        let now = app.services.clock.now()
        var plan = ImportPlan<Licence>()
        var seen = Set<Key>()
        var skipped = 0
        for (index, fileValues) in rows.enumerated() {
            let row = index + 2
            var failed: Set<String> = []
            func fail(_ column: String, _ code: String) {
                // One problem a column: a site not found is not also missing.
                guard failed.insert(column).inserted else { return }
                problems.fail(row, column, code)
            }
            let productID = products[
                SoftwareProduct.key(publisher: ImportRow.trimmed(fileValues["publisher"]), name: ImportRow.trimmed(fileValues["product"]))]
            if productID == nil { fail("product", "not_found") }
            let key = productID.map { Key(product: $0, name: ImportRow.trimmed(fileValues["name"]).lowercased()) }
            let match = key.flatMap { byKey[$0] }
            if let key, !seen.insert(key).inserted { fail("name", "duplicate_in_file") }
            let values = ImportRow.values(fileValues, keeping: match.map { ImportRow.stored(LicenceTable.columns, names.row($0)) })
            func value(_ column: String) -> String { ImportRow.trimmed(values[column]) }
            func named(_ column: String, in map: [String: UUID], fold: (String) -> String = { $0.lowercased() }) -> UUID? {
                guard !value(column).isEmpty else { return nil }
                guard let id = map[fold(value(column))] else {
                    fail(column, "not_found")
                    return nil
                }
                return id
            }
            var fieldErrors: [FieldError] = []
            func number(_ column: String, field: String) -> Int? {
                guard !value(column).isEmpty else { return nil }
                guard let number = Int(value(column)) else {
                    fieldErrors.append(FieldError(field: field, code: .invalid))
                    return nil
                }
                return number
            }
            let autoRenews: Bool
            switch value("auto_renews").lowercased() {
            case "", "no", "false", "0": autoRenews = false
            case "yes", "true", "1": autoRenews = true
            default:
                autoRenews = false
                fail("auto_renews", "invalid")
            }
            let input = SoftwareService.LicenceInput(
                productID: productID, vendorID: named("vendor", in: vendors), name: value("name"), kind: value("kind").lowercased(),
                seats: number("seats", field: "seats"), siteID: named("site", in: sites),
                cost: MoneyField.read(
                    value("cost"), currency: value("currency"), defaultCurrency: settings.defaultCurrency, field: "cost", into: &fieldErrors
                ),
                billing: value("billing").nilIfEmpty?.lowercased() ?? LicenceBilling.yearly.rawValue, startDate: value("start_date"),
                renewalDate: value("renewal_date"), autoRenews: autoRenews,
                renewalMonths: number("renewal_months", field: "renewalMonths") ?? 12,
                orderNumber: value("order_number"), costCentreID: named("cost_centre", in: centres, fold: { $0.uppercased() }),
                notes: values["notes"] ?? "", key: fileValues["key"].map { $0.isEmpty ? "" : $0 })
            for error in fieldErrors + input.validate() where error.field != "productId" {
                fail(LicenceTable.columnOfField[error.field] ?? error.field, error.code.rawValue)
            }
            if let match, let held = assigned[match.id!], held > 0 {
                if let seats = input.seats, LicenceKind(rawValue: input.kind)?.hasSeats == true, seats < held {
                    fail("seats", "below_assigned")
                }
                if input.kind != match.kindRaw { fail("kind", "in_use") }
            }
            guard failed.isEmpty else {
                skipped += 1
                continue
            }
            let record = Licence()
            record.id = match?.id ?? UUID()
            record.keySealed = match?.keySealed
            try input.apply(to: record, box: box)
            // A key given again, unchanged, is no change; a new seal of it would look like one.
            if let before = match?.keySealed, let after = record.keySealed, before != after,
                (try? box.open(before, boundTo: record.id!.uuidString)) == (try? box.open(after, boundTo: record.id!.uuidString))
            {
                record.keySealed = before
            }
            plan.add(record, replacing: match, at: now)
        }
        let errors = problems.sortedErrors
        guard mode.writes(commit: commit, errors: errors) else {
            return plan.report(rows: rows.count, skipped: skipped, errors: errors, committed: false)
        }
        let actor = self.actor
        try await app.write { [plan, skipped] db in
            try await plan.checkVersions(on: db)
            for licence in plan.creates { try await licence.create(on: db) }
            for change in plan.changes {
                change.record._$idExists = true
                try await change.record.update(on: db)
            }
            try await AuditLog.appendBatch(on: db, actor: actor, plan.auditEntries(skipped: skipped), at: now)
        }
        return plan.report(rows: rows.count, skipped: skipped, errors: errors, committed: true)
    }

    private struct Key: Hashable {
        let product: UUID
        let name: String
    }
}
