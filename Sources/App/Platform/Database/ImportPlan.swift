import Domain
import Fluent
import Foundation

/// How an import treats a file with problems.
enum ImportMode: String, Sendable, CaseIterable {
    /// Every row, in one transaction, or none.
    case allOrNothing = "all"
    /// The rows without problems, in one transaction; the others are reported and left out.
    case validRowsOnly = "valid"

    /// Whether a run writes: only when asked to, and with problems only when the valid rows alone were asked for.
    func writes(commit: Bool, errors: [ImportReport.RowError]) -> Bool {
        commit && (errors.isEmpty || self == .validRowsOnly)
    }
}

/// What a table import is going to do: the records to create, the records to change (with their audit differences and
/// the versions they were read at), and how many rows change nothing. Every import fills one row by row, and writes
/// it the same way: versions checked inside the transaction, one audit entry per record and one for the run.
struct ImportPlan<Record: VersionedRecord>: Sendable {
    struct Change: Sendable {
        let record: Record
        let diff: [String: AuditChange]
        let expectedVersion: Int
    }

    private(set) var creates: [Record] = []
    private(set) var changes: [Change] = []
    private(set) var unchanged = 0

    /// Adds `record` as a row leaves it, replacing `existing` (the stored record it matched) if there is one: a new
    /// record at version 1, a changed one at the next version, or nothing when no audited field differs. Returns
    /// whether the row changes anything.
    @discardableResult
    mutating func add(_ record: Record, replacing existing: Record?, at now: Date) -> Bool {
        record.updatedAt = now
        guard let existing else {
            record.version = 1
            record.createdAt = now
            creates.append(record)
            return true
        }
        let diff = AuditLog.diff(before: existing.auditFields, after: record.auditFields)
        guard !diff.isEmpty else {
            unchanged += 1
            return false
        }
        record.version = existing.version + 1
        record.createdAt = existing.createdAt
        changes.append(Change(record: record, diff: diff, expectedVersion: existing.version))
        return true
    }

    /// Puts the new records in another order (one that the database's references need).
    mutating func orderCreates(_ order: ([Record]) -> [Record]) { creates = order(creates) }

    var writesAnything: Bool { !creates.isEmpty || !changes.isEmpty }

    func report(rows: Int, skipped: Int = 0, errors: [ImportReport.RowError], committed: Bool) -> ImportReport {
        ImportReport(
            rows: rows, created: creates.count, updated: changes.count, unchanged: unchanged, skipped: skipped, errors: errors,
            committed: committed)
    }

    /// Refuses, inside the writing transaction, when a record to change was changed by someone else since the file was
    /// checked: the import stops rather than overwrite it.
    func checkVersions(on db: any Database) async throws {
        for start in stride(from: 0, to: changes.count, by: 500) {
            let slice = changes[start..<min(start + 500, changes.count)]
            let current = try await Record.query(on: db).filter(\._$id ~~ slice.map { $0.record.id! }).all()
            let versions = Dictionary(uniqueKeysWithValues: current.map { ($0.id!, $0.version) })
            if slice.contains(where: { versions[$0.record.id!] != $0.expectedVersion }) { throw AppError.preconditionFailed }
        }
    }

    /// One audit entry per created and changed record, and one for the run with its counts.
    func auditEntries(skipped: Int = 0) -> [AuditLog.Pending] {
        let type = Record.auditEntityType
        var entries = creates.map {
            AuditLog.Pending(
                action: "\(type).create", entityType: type, entityID: $0.id!.uuidString,
                changes: AuditLog.diff(before: nil, after: $0.auditFields))
        }
        entries += changes.map {
            AuditLog.Pending(action: "\(type).update", entityType: type, entityID: $0.record.id!.uuidString, changes: $0.diff)
        }
        var counts = [
            "created": AuditChange(before: nil, after: String(creates.count)),
            "updated": AuditChange(before: nil, after: String(changes.count)),
        ]
        if skipped > 0 { counts["skipped"] = AuditChange(before: nil, after: String(skipped)) }
        entries.append(AuditLog.Pending(action: "\(type).import", entityType: type, entityID: nil, changes: counts))
        return entries
    }
}

/// How every import reads a row of its file.
enum ImportRow {
    /// The cell as the checks read it: empty when absent, without surrounding spaces.
    static func trimmed(_ text: String?) -> String { (text ?? "").trimmingCharacters(in: .whitespaces) }

    /// A stored record as a row of the file: its `values` by `columns`.
    static func stored(_ columns: [String], _ values: [String]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: zip(columns, values))
    }

    /// The row's values, where the columns the file leaves out keep what the stored record has (nil for a new one).
    static func values(_ file: [String: String], keeping stored: [String: String]?) -> [String: String] {
        stored.map { $0.merging(file) { _, file in file } } ?? file
    }
}

extension APIDoc {
    /// Whether an import writes or only checks.
    static let transferQuery: [APIDoc.QueryParameter] = [
        .init(name: "commit", schema: .boolean, description: "Write the rows (all or none); without it the file is only checked.")
    ]
    /// The shape of an export.
    static let formatQuery: [APIDoc.QueryParameter] = [
        .init(name: "format", schema: .string(enumeration: ["csv", "json"]), description: "csv (default) or json.")
    ]
    /// A table's import endpoint: the file is checked, and with `commit=true` written; `mode=valid` writes the valid
    /// rows alone. `summary` says what is imported and how rows are matched.
    static func tableImport(_ summary: String) -> APIDoc {
        APIDoc(
            summary: summary + " 422 with the report when any row is wrong, unless mode=valid imports the valid rows and reports the rest.",
            query: transferQuery + [
                .init(
                    name: "mode", schema: .string(enumeration: ImportMode.allCases.map(\.rawValue)),
                    description: "all (default): every row or none; valid: the rows without problems, the others reported.")
            ], response: .ref("ImportReport"))
    }

    /// A table's export endpoint.
    static func tableExport(_ what: String) -> APIDoc {
        APIDoc(summary: "Every \(what), as a file that re-imports unchanged.", query: formatQuery)
    }
}
