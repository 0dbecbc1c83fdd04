import Domain
import Fluent
import Foundation
import Vapor

/// Access reviews in the JSON API: start, read with progress, the items (a manager sees the ones they decide), the
/// decisions, and closing.
struct AccessReviewAPIController: Sendable {
    func service(_ req: Request) -> AccessReviewService { AccessReviewService(app: req.application, actor: req.auditActor) }

    struct ReviewDTO: Content {
        let id: UUID
        let title: String
        let deadline: String
        let applicationIds: [UUID]
        let startedAt: Date
        let startedBy: String
        let closedAt: Date?
        let closedBy: String?
        let pending: Int
        let confirmed: Int
        let revoked: Int

        init(_ review: AccessReview, _ progress: AccessReviews.Progress) {
            (id, title, deadline, applicationIds) = (review.id!, review.title, review.deadlineText, review.scope)
            (startedAt, startedBy, closedAt, closedBy) = (review.startedAt, review.startedBy, review.closedAt, review.closedBy)
            (pending, confirmed, revoked) = (progress.pending, progress.confirmed, progress.revoked)
        }
    }

    struct ItemDTO: Content {
        let id: UUID
        let applicationId: UUID
        let employeeId: UUID
        let reviewerId: UUID?
        let decision: String
        let decidedAt: Date?
        let decidedBy: String?
        let note: String
        let removedAt: Date?

        init(_ item: AccessReviewItem) {
            (id, applicationId, employeeId, reviewerId) = (item.id!, item.appID, item.employeeID, item.reviewerID)
            (decision, decidedAt, decidedBy, note, removedAt) = (
                item.decisionRaw, item.decidedAt, item.decidedBy, item.note, item.removedAt
            )
        }
    }

    struct ItemPage: Content {
        let items: [ItemDTO]
        let total: Int
        let limit: Int
        let offset: Int
    }

    struct CreateBody: APIRequestBody {
        let title: String?
        let deadline: String?
        let applicationIds: [UUID]?

        static let fieldNames: Set<String> = ["title", "deadline", "applicationIds"]
        func validate() -> [FieldError] { [] }  // AccessReviewService.start
    }

    struct DecisionsBody: APIRequestBody {
        struct Entry: Codable, Sendable {
            let itemId: UUID
            let decision: String
            let note: String?
        }

        let decisions: [Entry]

        static let fieldNames: Set<String> = ["decisions"]
        func validate() -> [FieldError] {
            var errors: [FieldError] = []
            if decisions.isEmpty || decisions.count > 1000 { errors.append(FieldError(field: "decisions", code: .outOfRange)) }
            if decisions.contains(where: { AccessDecision(rawValue: $0.decision) == nil || $0.decision == "pending" }) {
                errors.append(FieldError(field: "decision", code: .invalid))
            }
            if decisions.contains(where: { ($0.note ?? "").count > 1000 }) { errors.append(FieldError(field: "note", code: .tooLong)) }
            return errors
        }
    }

    func list(_ req: Request) async throws -> Response {
        let reviews = try await AccessReview.query(on: req.db).sort(\.$startedAt, .descending).all()
        var result: [ReviewDTO] = []
        for review in reviews { result.append(ReviewDTO(review, try await AccessReviewPages.progress(review.id!, on: req.db))) }
        return try .json(result)
    }

    func create(_ req: Request) async throws -> Response {
        let body = try req.decodeStrict(CreateBody.self)
        let review = try await service(req).start(
            title: body.title ?? "", deadline: body.deadline ?? "", appIDs: body.applicationIds ?? [])
        let response = try Response.json(
            ReviewDTO(review, try await AccessReviewPages.progress(review.id!, on: req.db)), status: .created)
        response.headers.replaceOrAdd(name: .location, value: Paths.apiAccessReview.path(review.id!))
        return response
    }

    func get(_ req: Request) async throws -> Response {
        guard let review = try await AccessReview.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        return try .json(ReviewDTO(review, try await AccessReviewPages.progress(review.id!, on: req.db)))
    }

    /// The review's items; a caller who does not manage applications sees only the items they decide.
    func items(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        guard try await AccessReview.find(id, on: req.db) != nil else { throw AppError.notFound }
        struct Filters: Decodable {
            var limit: Int?
            var offset: Int?
            var decision: String?
        }
        let filters = try req.filters(Filters.self)
        let (limit, offset) = try ListQuery.parse(
            limit: filters.limit, offset: filters.offset, sort: nil, allowedSorts: [], defaultSort: "id"
        ).map { ($0.limit, $0.offset) }.get()
        var query = AccessReviewItem.query(on: req.db).filter(\.$reviewID == id)
        if let decision = filters.decision {
            guard AccessDecision(rawValue: decision) != nil else {
                throw ValidationFailure([FieldError(field: "decision", code: .invalid)])
            }
            query = query.filter(\.$decisionRaw == decision)
        }
        if !(req.may(.manageApplications) || req.may(.readApplications)) {
            guard let me = try await req.signedInEmployee() else { throw AppError.forbidden }
            query = query.filter(\.$reviewerID == me.id!)
        }
        let total = try await query.count()
        let rows = try await query.sort(\.$id).range(offset..<(offset + limit)).all()
        return try .json(ItemPage(items: rows.map(ItemDTO.init), total: total, limit: limit, offset: offset))
    }

    func decide(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let body = try req.decodeStrict(DecisionsBody.self)
        let me = try await req.signedInEmployee()
        let count = try await service(req).decide(
            id, body.decisions.map { .init(itemID: $0.itemId, decision: AccessDecision(rawValue: $0.decision)!, note: $0.note ?? "") },
            reviewer: me?.id, mayDecideAll: req.may(.manageApplications))
        guard let review = try await AccessReview.find(id, on: req.db) else { throw AppError.notFound }
        let response = try Response.json(ReviewDTO(review, try await AccessReviewPages.progress(id, on: req.db)))
        response.headers.replaceOrAdd(name: "X-Decisions-Recorded", value: String(count))
        return response
    }

    func close(_ req: Request) async throws -> Response {
        let review = try await service(req).close(try req.requireID())
        return try .json(ReviewDTO(review, try await AccessReviewPages.progress(review.id!, on: req.db)))
    }
}

enum AccessReviewAPIDocs {
    static let list = APIDoc(summary: "Every access review, newest first, with its progress.", response: .array(.ref("AccessReview")))
    static let create = APIDoc(
        summary:
            "Start an access review of the current access to the applications named (all when none): one item per grant, for the person's manager, else the application's owner, to decide by the deadline.",
        requestBody: .ref("AccessReviewBody"), response: .ref("AccessReview"), successStatus: 201)
    static let get = APIDoc(summary: "One access review with its progress.", response: .ref("AccessReview"))
    static let items = APIDoc(
        summary: "The review's items; a manager without access to the catalogue sees the items they decide.",
        query: [
            .init(
                name: "decision", schema: .string(enumeration: AccessDecision.allCases.map(\.rawValue)), description: "Only this decision.")
        ] + APIDocs.paging, response: .ref("AccessReviewItemPage"))
    static let decide = APIDoc(
        summary:
            "Record decisions (`confirmed` keeps, `revoked` takes the access away at once). A manager decides the items named for them; those who manage applications any. 409 once the review is closed.",
        requestBody: .ref("AccessReviewDecisions"), response: .ref("AccessReview"), conflict: "The review is closed")
    static let close = APIDoc(
        summary: "Close the review: no decisions after this; it stays as evidence.", response: .ref("AccessReview"),
        conflict: "The review is closed already")

    static let schemas: [String: JSONSchema] = [
        "AccessReview": .object(
            properties: [
                "id": .string(format: "uuid"), "title": .string(), "deadline": .string(format: "date"),
                "applicationIds": .array(.string(format: "uuid")), "startedAt": .string(format: "date-time"), "startedBy": .string(),
                "closedAt": .nullable(.string(format: "date-time")), "closedBy": .nullable(.string()), "pending": .integer(minimum: 0),
                "confirmed": .integer(minimum: 0), "revoked": .integer(minimum: 0),
            ],
            required: ["id", "title", "deadline", "applicationIds", "startedAt", "startedBy", "pending", "confirmed", "revoked"]),
        "AccessReviewBody": .object(
            properties: ["title": .string(), "deadline": .string(format: "date"), "applicationIds": .array(.string(format: "uuid"))],
            required: ["title", "deadline"]),
        "AccessReviewItem": .object(
            properties: [
                "id": .string(format: "uuid"), "applicationId": .string(format: "uuid"), "employeeId": .string(format: "uuid"),
                "reviewerId": .nullable(.string(format: "uuid")), "decision": .string(enumeration: AccessDecision.allCases.map(\.rawValue)),
                "decidedAt": .nullable(.string(format: "date-time")), "decidedBy": .nullable(.string()), "note": .string(),
                "removedAt": .nullable(.string(format: "date-time")),
            ], required: ["id", "applicationId", "employeeId", "decision", "note"]),
        "AccessReviewItemPage": .object(
            properties: [
                "items": .array(.ref("AccessReviewItem")), "total": .integer(minimum: 0), "limit": .integer(minimum: 1),
                "offset": .integer(minimum: 0),
            ], required: ["items", "total", "limit", "offset"]),
        "AccessReviewDecisions": .object(
            properties: [
                "decisions": .array(
                    .object(
                        properties: [
                            "itemId": .string(format: "uuid"), "decision": .string(enumeration: ["confirmed", "revoked"]),
                            "note": .string(),
                        ], required: ["itemId", "decision"]))
            ], required: ["decisions"]),
    ]
}
