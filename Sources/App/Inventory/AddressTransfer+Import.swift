import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Imports IP addresses: one routing domain, so an address is its own key; a row with the address of a stored one
/// updates it.
struct AddressImport: Sendable {
    let app: Application
    let actor: AuditActor

    func run(_ data: [UInt8], commit: Bool, mode: ImportMode = .allOrNothing, language: Language) async throws -> ImportReport {
        var problems = ImportProblems(localizer: app.services.localizer, language: language)
        guard let rows = problems.readTable(data, known: AddressTable.columns, required: AddressTable.required) else {
            return problems.refused(rows: 0)
        }
        let db = app.db
        let existing = Dictionary(
            try await IPAddressRecord.query(on: db).all().map { ($0.sortKey, $0) }, uniquingKeysWith: { first, _ in first })
        let interfaces = try await AddressTable.Interfaces.load(on: db)
        let now = app.services.clock.now()
        var plan = ImportPlan<IPAddressRecord>()
        var seen = Set<String>()
        var skipped = 0
        for (index, fileValues) in rows.enumerated() {
            let row = index + 2
            var failed = false
            func fail(_ column: String, _ code: String) {
                problems.fail(row, column, code)
                failed = true
            }
            let key = (try? IPAMService.parseAddress(ImportRow.trimmed(fileValues["address"])))?.address.sortKey
            let match = key.flatMap { existing[$0] }
            if let key, !seen.insert(key).inserted { fail("address", "duplicate_in_file") }
            let values = ImportRow.values(fileValues, keeping: match.map { ImportRow.stored(AddressTable.columns, interfaces.row($0)) })
            func value(_ column: String) -> String { ImportRow.trimmed(values[column]) }
            let input = IPAMService.AddressInput(
                address: value("address"), status: value("status").nilIfEmpty?.lowercased() ?? IPStatus.active.rawValue,
                dnsName: value("dns_name"), description: values["description"] ?? "")
            var record: IPAddressRecord?
            switch IPAMService.record(input) {
            case .success(let built): record = built
            case .failure(let failure):
                for error in failure.errors { fail(AddressTable.columnOfField[error.field] ?? error.field, error.code.rawValue) }
            }
            var interfaceID: UUID?
            switch (value("device").isEmpty, value("interface").isEmpty) {
            case (true, true): break
            case (false, false):
                interfaceID = interfaces.byName[.init(tagKey: value("device").uppercased(), name: value("interface").lowercased())]
                if interfaceID == nil { fail("interface", "not_found") }
            case (true, false): fail("device", "required")
            case (false, true): fail("interface", "required")
            }
            guard !failed, let record else {
                skipped += 1
                continue
            }
            record.id = match?.id ?? UUID()
            record.interfaceID = interfaceID
            plan.add(record, replacing: match, at: now)
        }
        let errors = problems.sortedErrors
        guard mode.writes(commit: commit, errors: errors) else {
            return plan.report(rows: rows.count, skipped: skipped, errors: errors, committed: false)
        }
        let actor = self.actor
        try await app.write { [plan, skipped] db in
            try await plan.checkVersions(on: db)
            try await BulkInsert.rows(into: IPAddressRecord.schema, columns: Self.columns, plan.creates.map(Self.values), on: db)
            for change in plan.changes {
                try await BulkInsert.update(IPAddressRecord.schema, columns: Self.columns, Self.values(change.record), on: db)
            }
            try await AuditLog.appendBatch(on: db, actor: actor, plan.auditEntries(skipped: skipped), at: now)
        }
        return plan.report(rows: rows.count, skipped: skipped, errors: errors, committed: true)
    }

    private static let columns = [
        "id", "address", "sort_key", "prefix_length", "status", "dns_name", "description", "interface_id", "version", "created_at",
        "updated_at",
    ]

    private static func values(_ r: IPAddressRecord) -> [BulkInsert.Value] {
        [
            .uuid(r.id!), .text(r.addressText), .text(r.sortKey), r.prefixLength.map { .int($0) } ?? .null, .text(r.status),
            r.dnsName.map { .text($0) } ?? .null, .text(r.description), r.interfaceID.map { .uuid($0) } ?? .null, .int(r.version),
            .date(r.createdAt), .date(r.updatedAt),
        ]
    }
}
