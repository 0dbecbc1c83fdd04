import Domain
import Fluent
import Foundation
import LogFormats
import SQLKit
import Vapor

/// Site categories: which registrable domain is social media, video, gambling… From the bundled starter list
/// (`Resources/Usage/categories.txt`, loaded when there are none) or imported from a list in the UT1 format (Université
/// Toulouse Capitole's blacklists: a folder per category, each with a `domains` file, one domain a line). Only entries
/// that are registrable domains are kept: usage is counted per registrable domain, so `ads.example.com` cannot be told
/// apart from `example.com` and is skipped rather than putting all of `example.com` under ads.
enum UsageCategories {
    static let categoriesTable = "usage_categories"
    static let domainsTable = "usage_category_domains"

    struct Entry: Sendable, Equatable {
        let category: String
        let domain: String
    }

    struct ImportSummary: Sendable, Equatable {
        var categories = 0
        var domains = 0
        /// Entries that are hosts under a registrable domain, addresses or public suffixes.
        var skipped = 0
    }

    /// The starter list's entries.
    static func starter() throws -> [Entry] {
        let text = try String(contentsOf: Resources.directory.appendingPathComponent("Usage/categories.txt"), encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let parts = line.split(separator: "\t")
            return parts.count == 2 ? Entry(category: String(parts[0]), domain: String(parts[1])) : nil
        }
    }

    /// Reads a UT1-format folder: `FOLDER/<category>/domains`. Lines starting with `#` and blank lines are skipped.
    static func readUT1(_ folder: URL, suffixes: PublicSuffixList, progress: (Int, Int) -> Void = { _, _ in }) throws -> ([Entry], Int) {
        let manager = FileManager.default
        let categories = try manager.contentsOfDirectory(atPath: folder.path).filter {
            manager.fileExists(atPath: folder.appendingPathComponent($0).appendingPathComponent("domains").path)
        }.sorted()
        guard !categories.isEmpty else {
            throw CommandFailure("\(folder.path) has no category folder with a domains file (the UT1 format)")
        }
        var entries: [Entry] = []
        var skipped = 0
        for (index, category) in categories.enumerated() {
            progress(index, categories.count)
            let data = try Data(contentsOf: folder.appendingPathComponent(category).appendingPathComponent("domains"))
            var seen = Set<String>()
            for raw in data.split(separator: 0x0A) {
                var name = String(decoding: raw, as: UTF8.self).trimmingCharacters(in: .whitespaces).lowercased()
                if name.hasSuffix("\r") { name.removeLast() }
                guard !name.isEmpty, !name.hasPrefix("#") else { continue }
                guard suffixes.registrableDomain(name) == name else {
                    skipped += 1
                    continue
                }
                if seen.insert(name).inserted { entries.append(Entry(category: category, domain: name)) }
            }
        }
        progress(categories.count, categories.count)
        return (entries, skipped)
    }

    /// Replaces the categories of `origin` with `entries`, in one transaction, with an audit entry (not for the starter
    /// list an installation begins with, which nobody chose).
    static func replace(origin: String, with entries: [Entry], actor: AuditActor, audited: Bool = true, app: Application) async throws
        -> ImportSummary
    {
        let now = app.services.clock.now()
        let names = Array(Set(entries.map(\.category))).sorted()
        return try await app.write { db in
            let sql = db.sql
            let old = try await sql.select().column("id").from(categoriesTable).where("origin", .equal, origin).all().map {
                try $0.decode(column: "id", as: UUID.self)
            }
            for chunk in old.boundChunks() {
                try await sql.delete(from: domainsTable).where("category_id", .in, SQLBind.group(chunk)).run()
            }
            try await sql.delete(from: categoriesTable).where("origin", .equal, origin).run()
            var ids: [String: UUID] = [:]
            for name in names {
                let id = UUID()
                ids[name] = id
                // A category of the same name from another list keeps its own row.
                try await sql.insert(into: categoriesTable).columns("id", "name", "origin", "created_at")
                    .values(SQLBind(id), SQLBind(name), SQLBind(origin), SQLBind(now)).run()
            }
            try await BulkInsert.rows(
                into: domainsTable, columns: ["domain", "category_id"], entries.map { [.text($0.domain), .uuid(ids[$0.category]!)] }, on: db
            )
            try await UsageRevision.bump(on: db)
            if audited {
                try await AuditLog.append(
                    on: db, actor: actor, action: "usage.categories.import", entityType: "usage_categories", entityID: origin,
                    changes: [
                        "categories": AuditChange(before: String(old.count), after: String(names.count)),
                        "domains": AuditChange(before: nil, after: String(entries.count)),
                    ], at: now)
            }
            return ImportSummary(categories: names.count, domains: entries.count, skipped: 0)
        }
    }

    /// Loads the starter list when there are no categories at all (a new installation).
    static func seedStarterIfEmpty(_ app: Application) async throws {
        let count =
            try await app.db.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(categoriesTable).first()?.decode(column: "n", as: Int.self) ?? 0
        guard count == 0 else { return }
        _ = try await replace(origin: "starter", with: try starter(), actor: .system, audited: false, app: app)
    }

    /// The catalogue key of a starter category's name; imported lists keep their own names.
    static func labelKey(_ name: String) -> String? {
        starterNames.contains(name) ? "usage.category.\(name)" : nil
    }

    static let starterNames: Set<String> = [
        "social_networks", "video", "music", "news", "webmail", "shopping", "games", "gambling", "file_sharing", "collaboration",
        "developer", "search", "travel",
    ]
}
