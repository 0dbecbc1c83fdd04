import Domain
import Fluent
import Foundation
import SQLKit
import UsageCounting
import Vapor

/// A log source as the sources page, the API and `quartermaster usage sources` show it.
struct UsageSourceDTO: Content {
    let id: UUID
    let format: String
    let name: String
    let lines: Int64
    let malformed: Int64
    let files: Int
    let lastIngestAt: Date?
    let lastError: String?
    /// The first malformed lines, as read (kept a week).
    let samples: [String]
    /// Lines the troubleshooting buffer keeps (none unless the settings keep raw lines).
    let rawLines: Int

    static let schema = JSONSchema.object(
        properties: [
            "id": .string(format: "uuid"), "format": .string(enumeration: UsageLogFormat.allCases.map(\.rawValue)), "name": .string(),
            "lines": .integer(minimum: 0), "malformed": .integer(minimum: 0), "files": .integer(minimum: 0),
            "lastIngestAt": .nullable(.string(format: "date-time")), "lastError": .nullable(.string()), "samples": .array(.string()),
            "rawLines": .integer(minimum: 0),
        ], required: ["id", "format", "name", "lines", "malformed", "files", "samples", "rawLines"])
}

/// Every source with its counts, for the page, the API and the command line alike.
enum UsageSourceList {
    static func all(on db: any Database) async throws -> [UsageSourceDTO] {
        let sql = db.sql
        var files: [UUID: Int] = [:]
        for row in try await sql.select().column("source_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(
            "usage_files"
        )
        .groupBy("source_id").all() {
            files[try row.decode(column: "source_id", as: UUID.self)] = try row.decode(column: "n", as: Int.self)
        }
        var raw: [UUID: Int] = [:]
        for row in try await sql.select().column("source_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("usage_raw_lines").groupBy("source_id").all()
        {
            raw[try row.decode(column: "source_id", as: UUID.self)] = try row.decode(column: "n", as: Int.self)
        }
        return try await sql.select().columns("id", "format", "name", "lines", "malformed", "samples", "last_ingest_at", "last_error")
            .from("usage_sources").orderBy("name").all().map { row in
                let id = try row.decode(column: "id", as: UUID.self)
                return UsageSourceDTO(
                    id: id, format: try row.decode(column: "format", as: String.self),
                    name: try row.decode(column: "name", as: String.self),
                    lines: try row.decode(column: "lines", as: Int64.self), malformed: try row.decode(column: "malformed", as: Int64.self),
                    files: files[id] ?? 0, lastIngestAt: try row.decode(column: "last_ingest_at", as: Date?.self),
                    lastError: try row.decode(column: "last_error", as: String?.self),
                    samples: (try? JSONDecoder().decode([String].self, from: Data(try row.decode(column: "samples", as: String.self).utf8)))
                        ?? [], rawLines: raw[id] ?? 0)
            }
    }
}
