import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Department and site names for lists and choices: few rows, read once per page.
struct StructureNames: Sendable {
    /// Every name, archived ones included: history still shows where someone was.
    let departments: [UUID: String]
    let sites: [UUID: String]
    let archived: Set<UUID>

    /// Both tables in one round trip, as plain rows: every directory page needs them.
    static func load(on db: any Database) async throws -> StructureNames {
        struct Entry: Decodable {
            let kind: String
            let id: UUID
            let name: String
            let archived: Bool
        }
        let entries = try await db.sql.raw(
            """
            SELECT 'department' AS kind, id, name, archived_at IS NOT NULL AS archived FROM departments
            UNION ALL SELECT 'site' AS kind, id, name, archived_at IS NOT NULL AS archived FROM sites
            """
        ).all(decoding: Entry.self)
        var departments: [UUID: String] = [:]
        var sites: [UUID: String] = [:]
        for entry in entries {
            if entry.kind == "department" { departments[entry.id] = entry.name } else { sites[entry.id] = entry.name }
        }
        return StructureNames(departments: departments, sites: sites, archived: Set(entries.filter(\.archived).map(\.id)))
    }

    /// Choices for forms and filters: current records, plus the one already selected even if archived.
    func departmentChoices(selected: UUID?) -> [Choice] { choices(departments, selected) }
    func siteChoices(selected: UUID?) -> [Choice] { choices(sites, selected) }

    private func choices(_ names: [UUID: String], _ selected: UUID?) -> [Choice] {
        names.filter { !archived.contains($0.key) || $0.key == selected }.sorted { $0.value < $1.value }
            .map { .init(value: $0.key.uuidString, label: $0.value, selected: $0.key == selected) }
    }
}
