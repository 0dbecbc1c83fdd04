import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Imports hardware models. A model that changes type takes its assets along, as on the model's form.
struct ModelImport: Sendable {
    let app: Application
    let actor: AuditActor

    func run(_ data: [UInt8], commit: Bool, mode: ImportMode = .allOrNothing, language: Language) async throws -> ImportReport {
        var problems = ImportProblems(localizer: app.services.localizer, language: language)
        guard let rows = problems.readTable(data, known: ModelTable.columns, required: ModelTable.required) else {
            return problems.refused(rows: 0)
        }
        let db = app.db
        let lookups = try await AssetLookups.load(on: db)
        var manufacturers = Dictionary(
            try await Manufacturer.query(on: db).all().map { ($0.nameKey, $0.id!) }, uniquingKeysWith: { first, _ in first })
        var newManufacturers: [Manufacturer] = []
        let byName = Dictionary(
            lookups.models.values.map { (Key(manufacturerID: $0.manufacturerID, name: $0.name.lowercased()), $0) },
            uniquingKeysWith: { first, _ in first })
        let settings = try await OrganisationSettings.current(on: db)
        let now = app.services.clock.now()
        var plan = ImportPlan<AssetModel>()
        var seen = Set<Key>()
        var skipped = 0
        for (index, fileValues) in rows.enumerated() {
            let row = index + 2
            var failed = false
            func fail(_ column: String, _ code: String) {
                problems.fail(row, column, code)
                failed = true
            }
            let manufacturerName = ImportRow.trimmed(fileValues["manufacturer"])
            let manufacturerID = manufacturers[manufacturerName.lowercased()]
            let key = manufacturerID.map { Key(manufacturerID: $0, name: ImportRow.trimmed(fileValues["model"]).lowercased()) }
            let match = key.flatMap { byName[$0] }
            if let key, !seen.insert(key).inserted { fail("model", "duplicate_in_file") }
            let values = ImportRow.values(
                fileValues, keeping: match.map { ImportRow.stored(ModelTable.columns, ModelTable.row($0, manufacturer: manufacturerName)) })
            func value(_ column: String) -> String { ImportRow.trimmed(values[column]) }
            var fieldErrors: [FieldError] = []
            var months: Int?
            if !value("lifetime_months").isEmpty {
                months = Int(value("lifetime_months"))
                if months == nil { fieldErrors.append(FieldError(field: "lifetimeMonths", code: .invalid)) }
            }
            let price = MoneyField.read(
                value("list_price"), currency: value("currency"), defaultCurrency: settings.defaultCurrency, field: "listPrice",
                into: &fieldErrors)
            let input = AssetService.ModelInput(
                manufacturer: manufacturerName, name: value("model"), type: value("type").lowercased(), endOfLife: value("end_of_life"),
                lifetimeMonths: months, listPrice: price)
            for error in fieldErrors + input.validate() { fail(ModelTable.columnOfField[error.field] ?? error.field, error.code.rawValue) }
            guard !failed else {
                skipped += 1
                continue
            }
            let manufacturer: UUID
            if let manufacturerID {
                manufacturer = manufacturerID
            } else {
                // A manufacturer the file names first: created with the models, and found by the rows after.
                let created = Manufacturer()
                created.id = UUID()
                (created.name, created.nameKey, created.createdAt, created.updatedAt, created.version) = (
                    manufacturerName, manufacturerName.lowercased(), now, now, 1
                )
                newManufacturers.append(created)
                manufacturers[created.nameKey] = created.id!
                manufacturer = created.id!
                seen.insert(Key(manufacturerID: manufacturer, name: input.name.lowercased()))
            }
            let record = AssetModel()
            record.id = match?.id ?? UUID()
            input.apply(to: record, manufacturerID: manufacturer)
            plan.add(record, replacing: match, at: now)
        }
        let errors = problems.sortedErrors
        guard mode.writes(commit: commit, errors: errors) else {
            return plan.report(rows: rows.count, skipped: skipped, errors: errors, committed: false)
        }
        let actor = self.actor
        try await app.write { [plan, skipped, newManufacturers] db in
            try await plan.checkVersions(on: db)
            for manufacturer in newManufacturers { try await manufacturer.insertAudited(on: db, actor: actor, at: now) }
            for model in plan.creates { try await model.create(on: db) }
            for change in plan.changes {
                let model = change.record
                model._$idExists = true
                let before = lookups.models[model.id!]?.typeRaw
                try await model.update(on: db)
                // Assets keep their model's type for filtering; a model that changes type takes its assets along.
                if before != model.typeRaw {
                    try await Asset.query(on: db).filter(\.$modelID == model.id!).set(\.$typeRaw, to: model.typeRaw).update()
                }
            }
            try await AuditLog.appendBatch(on: db, actor: actor, plan.auditEntries(skipped: skipped), at: now)
        }
        return plan.report(rows: rows.count, skipped: skipped, errors: errors, committed: true)
    }

    private struct Key: Hashable {
        let manufacturerID: UUID
        let name: String
    }
}
