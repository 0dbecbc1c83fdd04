import Domain
import Fluent
import Foundation
import LogFormats
import SQLKit
import UsageCounting
import Vapor

/// Where an ingest keeps its place: the source (its counts, malformed samples and open mail messages), each file it
/// read (known by its first line's hash, with how far it was counted) and, at every checkpoint, the tally — all written
/// in one transaction, so that a run that is killed resumes at the last checkpoint, counting nothing twice.
struct UsageSourceStore: Sendable {
    let app: Application

    /// A source as an ingest resumes it.
    struct Source: Sendable {
        let id: UUID
        /// Mail messages still open at the last checkpoint.
        let pending: [LogFormats.MailMessage]
        let samples: [String]
    }

    /// A file's place at its last checkpoint.
    struct FilePlace: Sendable {
        var offset: Int64 = 0
        var lines: Int64 = 0
        var malformed: Int64 = 0
    }

    /// What one checkpoint stores.
    struct Checkpoint: Sendable {
        let sourceID: UUID
        let format: UsageLogFormat
        /// The file's path and fingerprint; no fingerprint for a syslog stream, which has no file to keep a place in.
        let path: String
        let fingerprint: String?
        let place: FilePlace
        /// Lines and malformed lines since the last checkpoint, added to the source's counts.
        let newLines: Int64
        let newMalformed: Int64
        let samples: [String]
        let pending: [LogFormats.MailMessage]
        let tally: UsageTally
        let attribution: UsageAttribution
        let domains: [String]
        let policy: UsagePolicy
        /// Lines kept for the troubleshooting buffer, when the policy keeps one.
        let rawLines: [String]
        /// The file's audit entry goes with it (with this run's lines so far), when set.
        let audit: (lines: Int64, malformed: Int64)?
        /// The usage revision moves on in the same transaction.
        let movesRevision: Bool
    }

    /// The source `name` of `format`, begun when there is none yet.
    func source(_ name: String, format: UsageLogFormat) async throws -> Source {
        let sql = app.db.sql
        func find() async throws -> (any SQLRow)? {
            try await sql.select().columns("id", "pending", "samples").from("usage_sources")
                .where("format", .equal, format.rawValue).where("name", .equal, name).first()
        }
        var row = try await find()
        if row == nil {
            let now = app.services.clock.now()
            do {
                try await app.write(appendsToAuditTrail: false) { db in
                    try await db.sql.insert(into: "usage_sources")
                        .columns("id", "format", "name", "lines", "malformed", "samples", "pending", "created_at")
                        .values(
                            SQLBind(UUID()), SQLBind(format.rawValue), SQLBind(name), SQLBind(0), SQLBind(0), SQLBind("[]"), SQLBind("[]"),
                            SQLBind(now)
                        )
                        .run()
                }
            } catch let error as any DatabaseError where error.isConstraintFailure {
                // Another ingest began it at the same moment.
            }
            row = try await find()
        }
        guard let row else { throw CommandFailure("the source \(name) could not be stored") }
        return Source(
            id: try row.decode(column: "id", as: UUID.self),
            pending: try JSONDecoder().decode(
                [LogFormats.MailMessage].self, from: Data(try row.decode(column: "pending", as: String.self).utf8)),
            samples: try JSONDecoder().decode([String].self, from: Data(try row.decode(column: "samples", as: String.self).utf8)))
    }

    /// Where the file with this first-line hash was counted to, if it was read before.
    func place(ofFile fingerprint: String, source: UUID) async throws -> FilePlace? {
        guard
            let row = try await app.db.sql.select().columns("offset", "lines", "malformed").from("usage_files")
                .where("source_id", .equal, source).where("fingerprint", .equal, fingerprint).first()
        else { return nil }
        return FilePlace(
            offset: try row.decode(column: "offset", as: Int64.self), lines: try row.decode(column: "lines", as: Int64.self),
            malformed: try row.decode(column: "malformed", as: Int64.self))
    }

    /// Moves the usage revision on by itself, for checkpoints stored without moving it.
    func moveRevision() async throws {
        try await app.write { db in try await UsageRevision.bump(on: db) }
    }

    /// Stores a checkpoint in one transaction; returns the pseudonym keys, with any the tally's days needed added.
    func store(_ checkpoint: Checkpoint, keys: PseudonymKeys) async throws -> PseudonymKeys {
        let now = app.services.clock.now()
        return try await app.write(appendsToAuditTrail: checkpoint.audit != nil) { db in
            var writer = UsageTallyWriter(
                attribution: checkpoint.attribution, domains: checkpoint.domains, keys: keys, policy: checkpoint.policy, now: now)
            try await writer.write(checkpoint.tally, on: db)
            if checkpoint.movesRevision { try await UsageRevision.bump(on: db) }
            try await BulkInsert.rows(
                into: "usage_raw_lines", columns: ["id", "source_id", "received_at", "line"],
                checkpoint.rawLines.map { [.uuid(UUID()), .uuid(checkpoint.sourceID), .date(now), .text($0)] }, on: db)
            let sql = db.sql
            if let fingerprint = checkpoint.fingerprint {
                let place = checkpoint.place
                try await sql.insert(into: "usage_files")
                    .columns("id", "source_id", "fingerprint", "path", "offset", "lines", "malformed", "updated_at")
                    .values(
                        SQLBind(UUID()), SQLBind(checkpoint.sourceID), SQLBind(fingerprint), SQLBind(checkpoint.path),
                        SQLBind(place.offset),
                        SQLBind(place.lines), SQLBind(place.malformed), SQLBind(now)
                    )
                    .onConflict(with: ["source_id", "fingerprint"]) {
                        $0.set(excludedValueOf: "path").set(excludedValueOf: "offset").set(excludedValueOf: "lines")
                            .set(excludedValueOf: "malformed").set(excludedValueOf: "updated_at")
                    }.run()
            }
            try await sql.update("usage_sources").where("id", .equal, checkpoint.sourceID)
                .set("lines", to: SQLBinaryExpression(SQLColumn("lines"), .add, SQLBind(checkpoint.newLines)))
                .set("malformed", to: SQLBinaryExpression(SQLColumn("malformed"), .add, SQLBind(checkpoint.newMalformed)))
                .set("samples", to: String(decoding: try JSONEncoder().encode(checkpoint.samples), as: UTF8.self))
                .set("pending", to: String(decoding: try JSONEncoder().encode(checkpoint.pending), as: UTF8.self))
                .set("last_ingest_at", to: now).set("last_error", to: SQLLiteral.null).run()
            if let audit = checkpoint.audit {
                try await AuditLog.append(
                    on: db, actor: .commandLine(), action: "usage.ingest", entityType: "usage_source",
                    entityID: checkpoint.sourceID.uuidString,
                    changes: [
                        "format": AuditChange(before: nil, after: checkpoint.format.rawValue),
                        "file": AuditChange(before: nil, after: checkpoint.path),
                        "lines": AuditChange(before: nil, after: String(audit.lines)),
                        "malformed": AuditChange(before: nil, after: String(audit.malformed)),
                    ], at: now)
            }
            return writer.keys
        }
    }

    /// Notes on the source that reading it failed, for the sources page.
    func recordFailure(_ message: String, source: UUID) async {
        let now = app.services.clock.now()
        try? await app.write(appendsToAuditTrail: false) { db in
            try await db.sql.update("usage_sources").where("id", .equal, source).set("last_error", to: message)
                .set("last_ingest_at", to: now).run()
        }
    }
}
