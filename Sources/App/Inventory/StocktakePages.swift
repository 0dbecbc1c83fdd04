import Domain
import Fluent
import Foundation
import Vapor

/// The stocktake page and API: scan tags as seen, and list what has not been seen for some months.
struct StocktakePages: Sendable {

    static func months(_ req: Request) throws -> Int {
        let months = (try? req.query.get(Int.self, at: "months")) ?? 6
        guard (1...60).contains(months) else { throw ValidationFailure([FieldError(field: "months", code: .outOfRange)]) }
        return months
    }

    static func site(_ req: Request) throws -> UUID? {
        guard let raw = req.query[String.self, at: "site"]?.nilIfEmpty else { return nil }
        guard let id = UUID(uuidString: raw) else { throw ValidationFailure([FieldError(field: "site", code: .invalid)]) }
        return id
    }

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
        let months = try Self.months(req)
        let site = try Self.site(req)
        let page = (try? req.query.get(Int.self, at: "page")) ?? 1
        guard (1...(ListQuery.maximumOffset / 50)).contains(page) else {
            throw ValidationFailure([FieldError(field: "page", code: .outOfRange)])
        }
        let (assets, total) = try await Stocktake.unseen(months: months, site: site, offset: (page - 1) * 50, now: req.now, on: req.db)
        let lookups = try await AssetLookups.load(on: req.db)
        let places = try await StructureNames.load(on: req.db)
        let zone = try await req.services.organisation.current(on: req.db).timeZone
        let localizer = req.services.localizer
        let rows = assets.map { asset in
            Content.Row(
                href: Paths.hardwareAsset.path(asset.id!), tag: asset.tag, name: asset.name.nilIfEmpty ?? lookups.modelName(asset.modelID),
                status: req.t(asset.status.labelKey), site: asset.siteID.flatMap { places.sites[$0] } ?? "–",
                lastSeen: asset.lastSeenAt.map { localizer.dateTime($0, req.language, timeZone: zone) } ?? req.t("stocktake.never"))
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

    // MARK: API

    struct SightingsBody: APIRequestBody {
        let tags: [String]
        let siteId: UUID?
        let note: String?

        static let fieldNames: Set<String> = ["tags", "siteId", "note"]
        func validate() -> [FieldError] { [] }  // Stocktake.record.
        static let schema = JSONSchema.object(
            properties: ["tags": .array(.string()), "siteId": .nullable(.string(format: "uuid")), "note": .string()], required: ["tags"])
    }

    struct SightingsDTO: Vapor.Content {
        let seen: [String]
        let unknown: [String]
        let elsewhere: [String]
        static let schema = JSONSchema.object(
            properties: ["seen": .array(.string()), "unknown": .array(.string()), "elsewhere": .array(.string())],
            required: ["seen", "unknown", "elsewhere"])
    }

    func recordAPI(_ req: Request) async throws -> Response {
        let body = try req.decodeStrict(SightingsBody.self)
        let result = try await Stocktake(app: req.application, actor: req.auditActor).record(
            body.tags.joined(separator: "\n"), siteID: body.siteId, note: body.note ?? "")
        return try .json(SightingsDTO(seen: result.seen.map(\.tag), unknown: result.unknown, elsewhere: result.elsewhere.map(\.tag)))
    }

    struct UnseenDTO: Vapor.Content {
        struct Item: Vapor.Content {
            let id: UUID
            let tag: String
            let status: AssetStatus
            let siteId: UUID?
            let lastSeenAt: Date?
        }

        let items: [Item]
        let total: Int
        static let schema = JSONSchema.object(
            properties: [
                "items": .array(
                    .object(
                        properties: [
                            "id": .string(format: "uuid"), "tag": .string(),
                            "status": .string(enumeration: AssetStatus.allCases.map(\.rawValue)),
                            "siteId": .nullable(.string(format: "uuid")), "lastSeenAt": .nullable(.string(format: "date-time")),
                        ], required: ["id", "tag", "status"])), "total": .integer(minimum: 0),
            ], required: ["items", "total"])
    }

    func unseenAPI(_ req: Request) async throws -> Response {
        let paging = try req.filters(Paging.self)
        let query = try ListQuery.parse(
            limit: paging.limit, offset: paging.offset, sort: nil,
            allowedSorts: ["tag"], defaultSort: "tag"
        ).get()
        let (assets, total) = try await Stocktake.unseen(
            months: try Self.months(req), site: try Self.site(req), limit: query.limit, offset: query.offset, now: req.now, on: req.db)
        return try .json(
            UnseenDTO(
                items: assets.map { .init(id: $0.id!, tag: $0.tag, status: $0.status, siteId: $0.siteID, lastSeenAt: $0.lastSeenAt) },
                total: total))
    }

    static let recordDoc = APIDoc(
        summary:
            "Record asset tags as seen now (a stocktake), optionally where; answers which were seen, unknown, or seen at another site.",
        requestBody: .ref("SightingsBody"), response: .ref("Sightings"))
    static let unseenDoc = APIDoc(
        summary: "Assets in use not seen for `months` months (default 6) or never, never-seen first.",
        query: [
            .init(name: "months", schema: .integer(minimum: 1, maximum: 60), description: "How long unseen (default 6)."),
            .init(name: "site", schema: .string(format: "uuid"), description: "Only this site's assets."),
            .init(name: "limit", schema: .integer(minimum: 1, maximum: 500), description: "Page size (default 50)."),
            .init(name: "offset", schema: .integer(minimum: 0), description: "Items to skip."),
        ], response: .ref("Unseen"))
    static let schemas: [String: JSONSchema] = [
        "SightingsBody": SightingsBody.schema, "Sightings": SightingsDTO.schema, "Unseen": UnseenDTO.schema,
    ]
}
