import Domain
import Foundation
import Vapor

extension UsageFindingPages {
    struct QueueContent: Encodable {
        struct Row: Encodable {
            let id: UUID
            let finding: FindingRow
            let requester: String
            let reason: String
            let requested: String
            let own: Bool
        }

        let rows: [Row]
        let decided: [Row]
    }

    func queue(_ req: Request) async throws -> Response {
        let all = try await UsageReidentification.records(on: req.db)
        let records = all.filter { $0.status == .pending } + all.filter { $0.status != .pending }.prefix(50)
        let findings = Dictionary(
            uniqueKeysWithValues: try await UsageReidentification.findings(ids: records.map(\.findingID), on: req.db).map { ($0.id, $0) })
        let viewer = req.principal?.userID.uuidString ?? ""
        func row(_ record: UsageReidentification.Record) -> QueueContent.Row? {
            guard let finding = findings[record.findingID] else { return nil }
            return .init(
                id: record.id, finding: Self.row(finding, mine: [record], req), requester: record.requesterLabel, reason: record.reason,
                requested: req.dateTime(record.requestedAt), own: record.requestedBy == viewer)
        }
        return try await req.page(
            "usage/reidentifications", titleKey: "usage.reidentify.title",
            QueueContent(
                rows: records.filter { $0.status == .pending }.compactMap(row),
                decided: records.filter { $0.status != .pending }.prefix(50).compactMap(row)))
    }

    func decide(_ req: Request) async throws -> Response {
        struct Form: Content {
            var decision: String
            var note: String?
        }
        let id = try req.requireID()
        let form = try req.content.decode(Form.self)
        do {
            try await UsageReidentification.decide(
                id, approve: form.decision == "approve", note: form.note ?? "", actor: req.auditActor, app: req.application)
        } catch let refusal as Reidentification.Refusal {
            throw refusal == .ownRequest ? AppError.ownRequest : AppError.alreadyDecided
        }
        return req.redirect(to: Paths.usageReidentifications.path + "?done=saved", redirectType: .normal)
    }
}
