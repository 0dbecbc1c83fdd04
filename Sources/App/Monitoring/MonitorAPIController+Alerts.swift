import Domain
import Fluent
import Foundation
import Probes
import SQLKit
import Vapor

/// `/api/v1/alerts`: the alerts with their timelines, and taking one on.
extension MonitorAPIController {
    func alerts(_ req: Request) async throws -> Response {
        struct Filters: Content {
            var limit: Int?
            var offset: Int?
            var open: Bool?
            var checkId: UUID?
        }
        let filters = try req.filters(Filters.self)
        let query = try ListQuery.parse(
            limit: filters.limit, offset: filters.offset, sort: nil, allowedSorts: ["opened"], defaultSort: "opened"
        ).get()
        var base = Alert.query(on: req.db)
        if filters.open == true { base = base.filter(\.$closedAt == nil) }
        if let check = filters.checkId { base = base.filter(\.$checkID == check) }
        let total = try await base.count()
        let alerts = try await base.sort(\.$openedAt, .descending).range(query.offset..<(query.offset + query.limit)).all()
        let items = try await MonitorViews.alertDTOs(alerts, on: req.db)
        return try .json(Page(items: items, total: total, query: query))
    }

    func acknowledge(_ req: Request) async throws -> Response {
        let body = try req.decodeStrict(AcknowledgeBody.self)
        let alert = try await service(req).acknowledge(try req.requireID(), comment: body.comment ?? "")
        return try .json(try await MonitorViews.alertDTOs([alert], on: req.db)[0])
    }
}
