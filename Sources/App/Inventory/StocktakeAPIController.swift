import Domain
import Fluent
import Foundation
import Vapor

/// The stocktake in the JSON API: record tags as seen, and list what has not been seen for some months.
struct StocktakeAPIController: Sendable {
    func record(_ req: Request) async throws -> Response {
        let body = try req.decodeStrict(SightingsBody.self)
        let result = try await Stocktake(app: req.application, actor: req.auditActor).record(
            body.tags.joined(separator: "\n"), siteID: body.siteId, note: body.note ?? "")
        return try .json(SightingsDTO(seen: result.seen.map(\.tag), unknown: result.unknown, elsewhere: result.elsewhere.map(\.tag)))
    }

    func unseen(_ req: Request) async throws -> Response {
        let paging = try req.filters(Paging.self)
        let query = try ListQuery.parse(
            limit: paging.limit, offset: paging.offset, sort: nil,
            allowedSorts: ["tag"], defaultSort: "tag"
        ).get()
        let (assets, total) = try await Stocktake.unseen(
            months: try StocktakeQuery.months(req), site: try StocktakeQuery.site(req), limit: query.limit, offset: query.offset,
            now: req.now, on: req.db)
        return try .json(
            UnseenAssetsDTO(
                items: assets.map { .init(id: $0.id!, tag: $0.tag, status: $0.status, siteId: $0.siteID, lastSeenAt: $0.lastSeenAt) },
                total: total))
    }
}
