import Domain
import Fluent
import Foundation
import Vapor

/// The stocktake page: scan tags as seen, and list what has not been seen for some months.
struct StocktakePages: Sendable {

    struct Content: Encodable {
        struct Row: Encodable {
            let href: String
            let tag: String
            let name: String
            let status: String
            let site: String
            let lastSeen: String
        }

        struct Summary: Encodable {
            let seen: String
            let unknown: String?
            let elsewhere: String?
        }

        let canManage: Bool
        let rows: [Row]
        let total: String
        let months: [Choice]
        let sites: [Choice]
        let recordSites: [Choice]
        let summary: Summary?
        let errors: [String: String]
        let more: String?
    }

    func page(_ req: Request) async throws -> Response { try await render(req, summary: nil) }

    private func render(_ req: Request, summary: Content.Summary?, errors: ValidationFailure? = nil, status: HTTPStatus = .ok) async throws
        -> Response
    {
        let months = try StocktakeQuery.months(req)
        let site = try StocktakeQuery.site(req)
        let page = (try? req.query.get(Int.self, at: "page")) ?? 1
        guard (1...(ListQuery.maximumOffset / 50)).contains(page) else {
            throw ValidationFailure([FieldError(field: "page", code: .outOfRange)])
        }
        let (assets, total) = try await Stocktake.unseen(months: months, site: site, offset: (page - 1) * 50, now: req.now, on: req.db)
        let lookups = try await AssetLookups.load(on: req.db)
        let places = try await StructureNames.load(on: req.db)
        let localizer = req.services.localizer
        let rows = assets.map { asset in
            Content.Row(
                href: Paths.hardwareAsset.path(asset.id!), tag: asset.tag, name: asset.name.nilIfEmpty ?? lookups.modelName(asset.modelID),
                status: req.t(asset.status.labelKey), site: asset.siteID.flatMap { places.sites[$0] } ?? "–",
                lastSeen: asset.lastSeenAt.map { req.dateTime($0) } ?? req.t("stocktake.never"))
        }
        let more =
            page * 50 < total
            ? Paths.hardwareStocktake.path + "?months=\(months)&page=\(page + 1)" + (site.map { "&site=\($0)" } ?? "") : nil
        return try await req.page(
            "inventory/stocktake", titleKey: "stocktake.title",
            Content(
                canManage: req.may(.manageInventory), rows: rows,
                total: req.t(
                    "stocktake.total", ["count": localizer.number(total, req.language), "months": localizer.number(months, req.language)]),
                months: [3, 6, 12, 24].map {
                    .init(value: String($0), label: req.t("stocktake.months", ["count": String($0)]), selected: $0 == months)
                },
                sites: places.siteChoices(selected: site), recordSites: places.siteChoices(selected: nil), summary: summary,
                errors: req.fieldMessages(errors), more: more),
            status: status)
    }

    struct Form: Vapor.Content {
        var tags: String
        var siteId: String?
        var note: String?
    }

    func record(_ req: Request) async throws -> Response {
        let form = try req.content.decode(Form.self)
        return try await req.submit {
            let result = try await Stocktake(app: req.application, actor: req.auditActor).record(
                form.tags, siteID: form.siteId.flatMap(UUID.init(uuidString:)), note: form.note ?? "")
            let number = { req.services.localizer.number($0, req.language) }
            let summary = Content.Summary(
                seen: req.t("stocktake.recorded", ["count": number(result.seen.count)]),
                unknown: result.unknown.isEmpty ? nil : req.t("stocktake.unknown", ["tags": result.unknown.joined(separator: ", ")]),
                elsewhere: result.elsewhere.isEmpty
                    ? nil : req.t("stocktake.elsewhere", ["tags": result.elsewhere.map(\.tag).joined(separator: ", ")]))
            return try await render(req, summary: summary)
        } invalid: { failure in
            return try await render(req, summary: nil, errors: failure, status: .unprocessableEntity)
        }
    }
}
