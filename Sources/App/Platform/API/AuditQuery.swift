import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The audit list, shared by the page and the API.
enum AuditQuery {
    struct Filters: Content {
        var limit: Int?
        var offset: Int?
        var sort: String?
        var action: String?
        var actor: String?
        var entityType: String?
        var entityId: String?
    }

    static func list(_ req: Request) async throws -> (entries: [AuditEntry], total: Int, query: ListQuery) {
        let filters = try req.filters(Filters.self)
        let query = try ListQuery.parse(
            limit: filters.limit, offset: filters.offset, sort: filters.sort ?? "-sequence", allowedSorts: ["sequence"],
            defaultSort: "sequence", defaultLimit: req.pageSize
        ).get()
        var builder = AuditEntry.query(on: req.db)
        if let action = filters.action, !action.isEmpty { builder = builder.filter(\.$action == action) }
        if let actor = filters.actor?.trimmingCharacters(in: .whitespaces).lowercased(), !actor.isEmpty {
            // By the e-mail address the entry keeps, or by the name the page shows for it.
            let named = try await User.query(on: req.db).containing(\.$name, actor, on: req.db).all().compactMap { $0.id?.uuidString }
            builder = builder.group(.or) { either in
                either.containing(\.$actorLabel, actor, on: req.db)
                if !named.isEmpty { either.filter(\.$actorID ~~ named) }
            }
        }
        if let type = filters.entityType, !type.isEmpty { builder = builder.filter(\.$entityType == type) }
        if let id = filters.entityId, !id.isEmpty { builder = builder.filter(\.$entityID == id) }
        let total = try await builder.count()
        let entries = try await builder.sort(\.$id, query.descending ? .descending : .ascending)
            .range(query.offset..<(query.offset + query.limit)).all()
        return (entries, total, query)
    }
}
