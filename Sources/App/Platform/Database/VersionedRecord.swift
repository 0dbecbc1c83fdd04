import Fluent
import Foundation
import Vapor

/// A record that is edited concurrently by several people: it carries a version that every change increments, and
/// a snapshot of its fields for the audit trail.
protocol VersionedRecord: AuditSubject, Sendable {
    var version: Int { get set }
    var createdAt: Date { get set }
    var updatedAt: Date { get set }
    var auditFields: [String: String] { get }
}

/// A record the audit page names and links instead of showing its UUID.
protocol AuditSubject: Model where IDValue == UUID {
    /// The record type as the audit trail names it.
    static var auditEntityType: String { get }
    /// What people call this record: a name, a tag and name, a number.
    var auditLabel: String { get }
    /// The record's page, if it has one.
    static func auditPath(_ id: UUID) -> String?
}

extension AuditSubject {
    static func auditPath(_ id: UUID) -> String? { nil }

    /// The labels of the records among `ids` that still exist.
    static func auditLabels(_ ids: [UUID], on db: any Database) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        let records = try await query(on: db).filter(\._$id ~~ ids).all()
        return Dictionary(
            records.compactMap { record in record.id.map { ($0, record.auditLabel) } }, uniquingKeysWith: { first, _ in first })
    }
}

extension VersionedRecord {
    /// The change `Application.updateAudited` makes, inside a transaction the caller holds (several records changed
    /// together, all or none).
    static func updateAudited(
        id: UUID, expectedVersion: Int?, actor: AuditActor, action: String, at now: Date, on db: any Database,
        load: @Sendable (Self, any Database) async throws -> Void = { _, _ in },
        apply: @Sendable (Self, any Database) async throws -> Void
    ) async throws -> Self {
        guard let record = try await find(id, on: db) else { throw AppError.notFound }
        if let expectedVersion, expectedVersion != record.version { throw AppError.preconditionFailed }
        try await load(record, db)
        let before = record.auditFields
        try await apply(record, db)
        let diff = AuditLog.diff(before: before, after: record.auditFields)
        guard !diff.isEmpty else { return record }
        record.version += 1
        record.updatedAt = now
        try await record.update(on: db)
        try await AuditLog.append(
            on: db, actor: actor, action: "\(auditEntityType).\(action)", entityType: auditEntityType, entityID: id.uuidString,
            changes: diff, at: now)
        return record
    }
}

extension Application {
    /// Creates `record` and its audit entry in one transaction. `check` runs inside it first (uniqueness and
    /// references that another writer could change meanwhile).
    func createAudited<Record: VersionedRecord>(
        _ record: Record, actor: AuditActor, check: @escaping @Sendable (any Database) async throws -> Void = { _ in }
    ) async throws -> Record {
        let now = services.clock.now()
        return try await write { db in
            try await check(db)
            try await record.insertAudited(on: db, actor: actor, at: now)
            return record
        }
    }

    /// Changes a record if it is still at `expectedVersion` (nil: whatever its version, for changes that cannot
    /// conflict), audits the difference, and never overwrites a concurrent edit: a stale version is refused with 412.
    /// `load` fills in what the audit snapshot shows beyond the record's columns (linked rows) before the change.
    func updateAudited<Record: VersionedRecord>(
        _ type: Record.Type, id: UUID, expectedVersion: Int?, actor: AuditActor, action: String = "update",
        load: @escaping @Sendable (Record, any Database) async throws -> Void = { _, _ in },
        apply: @escaping @Sendable (Record, any Database) async throws -> Void
    ) async throws -> Record {
        let now = services.clock.now()
        return try await write { db in
            try await Record.updateAudited(
                id: id, expectedVersion: expectedVersion, actor: actor, action: action, at: now, on: db, load: load, apply: apply)
        }
    }

    /// Removes a record if it is still at `expectedVersion` (nil: whatever its version), with an audit entry holding
    /// what it was, in one transaction. `before` runs first inside it (rows that go with the record).
    func deleteAudited<Record: VersionedRecord>(
        _ type: Record.Type, id: UUID, expectedVersion: Int?, actor: AuditActor,
        before: @escaping @Sendable (Record, any Database) async throws -> Void = { _, _ in }
    ) async throws {
        let now = services.clock.now()
        try await write { db in
            guard let record = try await Record.find(id, on: db) else { throw AppError.notFound }
            if let expectedVersion, expectedVersion != record.version { throw AppError.preconditionFailed }
            try await before(record, db)
            try await record.delete(on: db)
            try await AuditLog.append(
                on: db, actor: actor, action: "\(Record.auditEntityType).delete", entityType: Record.auditEntityType,
                entityID: id.uuidString, changes: AuditLog.diff(before: record.auditFields, after: nil), at: now)
        }
    }
}

extension VersionedRecord {
    /// Inserts the record at version 1 with its audit entry, inside a write transaction that is already open (for
    /// changes that create several records together).
    func insertAudited(on db: any Database, actor: AuditActor, at now: Date) async throws {
        version = 1
        updatedAt = now
        try await create(on: db)
        try await AuditLog.append(
            on: db, actor: actor, action: "\(Self.auditEntityType).create", entityType: Self.auditEntityType, entityID: id?.uuidString,
            changes: AuditLog.diff(before: nil, after: auditFields), at: now)
    }
}

extension User: VersionedRecord {
    static let auditEntityType = "user"
    var auditLabel: String { name }
    static func auditPath(_ id: UUID) -> String? { Paths.adminUser.path(id) }
}
