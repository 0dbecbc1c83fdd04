import Domain
import Foundation
import Vapor

/// The audit trail page: every entry in words (`AuditText`), its record named and linked, the chain verified on request.
extension AdminController {
    struct AuditContent: Encodable {
        struct Row: Encodable {
            let sequence: Int64
            let when: String
            let actor: String
            /// The account's e-mail address (or token) behind a name.
            let actorDetail: String?
            let action: String
            let actionHref: String
            let entity: String
            let subject: String?
            let subjectHref: String?
            let historyHref: String?
            let changes: [String]
            let address: String
        }

        struct TypeChoice: Encodable {
            let value: String
            let label: String
            let selected: Bool
        }

        let rows: [Row]
        /// The action filtered by (its code, kept in the form) and its words; nil when there is none.
        let action: String?
        let actionLabel: String?
        let clearActionHref: String
        let actor: String
        let types: [TypeChoice]
        /// The one record whose history is shown, kept in the form, its name, and the way back to every record.
        let entityId: String?
        let historyOf: String?
        let clearHistoryHref: String
        let pager: PagerContent
        var verification: String?
        var intact: Bool
    }

    func audit(_ req: Request) async throws -> Response {
        let (entries, total, query) = try await AuditQuery.list(req)
        let filters = try req.filters(AuditQuery.Filters.self)
        let links = ListLinks(
            .adminAudit, query: query, sorts: false,
            filters: [
                ("action", filters.action), ("actor", filters.actor), ("entityType", filters.entityType), ("entityId", filters.entityId),
            ])
        let subjects = req.services.composition.auditSubjects
        var text = AuditText(language: req.language, localizer: req.services.localizer, timeZone: req.organisationTimeZone)
        text.formatters = subjects.formatters
        let names = try await subjects.names(in: entries, on: req.db)
        let rows = entries.map { entry -> AuditContent.Row in
            let changes = entry.changes ?? [:]
            let id = entry.entityID.flatMap(UUID.init(uuidString:))
            let actorName = entry.actorID.flatMap(UUID.init(uuidString:)).flatMap { names[$0] }
            // A route is named by its address; a settings record exists once and needs no name.
            let subject: String? =
                if let id { names[id] ?? Self.remembered(changes) ?? req.t("audit.removed_record") } else {
                    entry.entityType == "route" ? entry.entityID : nil
                }
            return AuditContent.Row(
                sequence: entry.id ?? 0, when: req.dateTime(entry.occurredAt), actor: actorName ?? text.actor(entry.actorLabel),
                actorDetail: actorName == nil ? nil : entry.actorLabel, action: text.action(entry.action),
                actionHref: links.link(["action": entry.action, "entityType": nil, "entityId": nil]),
                entity: entry.entityType.map(text.entity) ?? "",
                subject: subject?.nilIfEmpty, subjectHref: req.link(subjects.path(type: entry.entityType, id: entry.entityID)),
                historyHref: id == nil ? nil : links.link(["action": nil, "entityType": entry.entityType, "entityId": entry.entityID]),
                changes: changes.sorted { $0.key < $1.key }.compactMap {
                    text.change(of: entry.entityType, field: $0.key, $0.value, in: changes, names: names)
                },
                address: entry.clientAddress ?? "")
        }
        let catalogue = req.services.localizer.catalogue(req.language)
        let types = catalogue.entries.keys.filter { $0.hasPrefix("audit.entity.") }.map { String($0.dropFirst("audit.entity.".count)) }
            .map { AuditContent.TypeChoice(value: $0, label: text.entity($0), selected: $0 == filters.entityType) }
            .sorted { $0.label.naturallyPrecedes($1.label) }
        let entityId = filters.entityId?.nilIfEmpty
        let historyOf = entityId.map { id in
            [filters.entityType.map(text.entity), UUID(uuidString: id).flatMap { names[$0] } ?? rows.first?.subject]
                .compactMap { $0?.nilIfEmpty }.joined(separator: " ")
        }
        var content = AuditContent(
            rows: rows, action: filters.action?.nilIfEmpty,
            actionLabel: filters.action?.nilIfEmpty.map { req.t("audit.action") + ": " + text.action($0) },
            clearActionHref: links.link(["action": nil]),
            actor: filters.actor ?? "", types: types, entityId: entityId, historyOf: historyOf,
            clearHistoryHref: links.link(["entityType": nil, "entityId": nil]),
            pager: links.pager(req, shown: entries.count, total: total),
            verification: nil, intact: true)
        try await verify(&content, req)
        return try await req.page("admin/audit", titleKey: "audit.title", content)
    }

    /// The name a removed record had, from the entry itself (a removal records every field's last value).
    private static func remembered(_ changes: [String: AuditChange]) -> String? {
        for field in ["name", "title", "label", "tag", "number", "prefix", "address", "email"] {
            if let value = changes[field].flatMap({ $0.after ?? $0.before })?.nilIfEmpty { return value }
        }
        return nil
    }

    /// Adds the chain's verification when the page was asked for it (`?verify=1`).
    private func verify(_ content: inout AuditContent, _ req: Request) async throws {
        guard (try? req.query.get(String.self, at: "verify")) != nil else { return }
        let plural = { (count: Int) in req.services.localizer.catalogue(req.language).plural("audit.intact", count: count) }
        switch try await req.application.auditSeal.verify(on: req.db) {
        case .intact(let count): (content.verification, content.intact) = (plural(count), true)
        case .altered(let sequence):
            (content.verification, content.intact) = (req.t("audit.altered", ["sequence": String(sequence)]), false)
        case .broken(let sequence): (content.verification, content.intact) = (req.t("audit.broken", ["sequence": String(sequence)]), false)
        case .truncated(let expected, _):
            (content.verification, content.intact) = (req.t("audit.truncated", ["sequence": String(expected)]), false)
        case .headForged(let sequence):
            (content.verification, content.intact) = (req.t("audit.forged", ["sequence": String(sequence)]), false)
        case .unsealed(let count): (content.verification, content.intact) = (plural(count) + " " + req.t("audit.unsealed"), true)
        }
    }
}
