import Fluent
import Foundation

/// Every record type the audit page can name and link, by the code the trail records; the composition root lists the
/// capabilities' types (`AuditSubjects.all`) as the route table lists their routes.
struct AuditSubjects: Sendable {
    let types: [String: any AuditSubject.Type]
    /// The capabilities' own readings of values (`AuditText.formatters`).
    let formatters: [String: AuditFormatter]

    init(_ types: [any AuditSubject.Type], formatters: [[String: AuditFormatter]] = []) {
        self.types = Dictionary(uniqueKeysWithValues: types.map { ($0.auditEntityType, $0) })
        self.formatters = formatters.reduce(into: [:]) { all, more in all.merge(more) { first, _ in first } }
    }

    /// Records that exist once (settings): their page, for the record column.
    static let singletons: [String: Paths] = [
        "organisation": .adminOrganisation, "notification_settings": .adminNotificationSettings, "usage_settings": .usageSettings,
        "directory_settings": .directory,
    ]

    /// The current labels of the records `entries` name, as subjects, as actors or in their changes (a site moved to, a
    /// manager set): one query per record type.
    func names(in entries: [AuditEntry], on db: any Database) async throws -> [UUID: String] {
        var wanted: [String: Set<UUID>] = [:]
        for entry in entries {
            if let type = entry.entityType, let id = entry.entityID.flatMap(UUID.init(uuidString:)) { wanted[type, default: []].insert(id) }
            if let actor = entry.actorID.flatMap(UUID.init(uuidString:)) { wanted[User.auditEntityType, default: []].insert(actor) }
            let changes = entry.changes ?? [:]
            for (field, change) in changes {
                guard let type = AuditVocabulary.references(field: field, of: entry.entityType, in: changes) else { continue }
                for value in [change.before, change.after] {
                    if let id = value.flatMap(UUID.init(uuidString:)) { wanted[type, default: []].insert(id) }
                }
            }
        }
        var names: [UUID: String] = [:]
        for (type, ids) in wanted {
            guard let subject = types[type] else { continue }
            names.merge(try await subject.auditLabels(Array(ids), on: db)) { first, _ in first }
        }
        return names
    }

    /// The page of the record an entry is about, if it has one.
    func path(type: String?, id: String?) -> String? {
        guard let type else { return nil }
        guard let id = id.flatMap(UUID.init(uuidString:)) else { return Self.singletons[type]?.path }
        return types[type]?.auditPath(id)
    }
}
