import Domain
import Fluent
import Foundation
import Vapor

/// The outbox: the queued messages with their state, and retrying a failed one.
extension NotificationAPIController {
    struct MessageDTO: Content {
        let id: UUID
        let channelId: UUID
        let topic: String
        let recipients: [String]
        let subject: String
        let status: String
        let attempts: Int
        let nextAttemptAt: Date?
        /// Why the last attempt failed, in the caller's language, with what the server said.
        let lastError: String?
        /// The same as a stable code (`DeliveryProblem.Code`).
        let lastErrorCode: String?
        let createdAt: Date
        let sentAt: Date?

        init(_ message: OutboxMessage, _ req: Request) {
            (id, channelId, topic, subject, status) = (message.id!, message.channelID, message.topicRaw, message.subject, message.statusRaw)
            (recipients, attempts) = (MailMessage.addresses(message.recipients), message.attempts)
            (lastError, lastErrorCode) = (message.lastProblem(req.services.localizer, req.language), message.lastErrorCode)
            (nextAttemptAt, createdAt, sentAt) =
                (message.status == .pending ? message.nextAttemptAt : nil, message.createdAt, message.sentAt)
        }
    }

    struct MessagePage: Content {
        let items: [MessageDTO]
        let total: Int
        let limit: Int
        let offset: Int
    }

    /// The outbox, newest first; `status` filters by pending, sent or failed.
    func listMessages(_ req: Request) async throws -> Response {
        struct Filters: Decodable {
            var limit: Int?
            var offset: Int?
            var status: String?
        }
        let filters = try req.filters(Filters.self)
        let (limit, offset) = try ListQuery.parse(
            limit: filters.limit, offset: filters.offset, sort: nil, allowedSorts: [], defaultSort: "created"
        ).map { ($0.limit, $0.offset) }.get()
        var query = OutboxMessage.query(on: req.db)
        if let status = filters.status {
            guard OutboxMessage.Status(rawValue: status) != nil else {
                throw ValidationFailure([FieldError(field: "status", code: .invalid)])
            }
            query = query.filter(\.$statusRaw == status)
        }
        let total = try await query.count()
        let rows = try await query.sort(\.$createdAt, .descending).range(offset..<(offset + limit)).all()
        return try .json(MessagePage(items: rows.map { MessageDTO($0, req) }, total: total, limit: limit, offset: offset))
    }

    func retry(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        try await service(req).retry(id)
        guard let message = try await OutboxMessage.find(id, on: req.db) else { throw AppError.notFound }
        return try .json(MessageDTO(message, req))
    }
}
