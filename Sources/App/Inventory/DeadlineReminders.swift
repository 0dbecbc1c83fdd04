import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The `deadlines.remind` job: once a deadline comes within one of the lead times (Administration → Notifications),
/// every channel subscribed to deadlines gets one digest listing the deadlines newly within reach. Each deadline is
/// reminded once per lead time; a contract whose decision is recorded for that term is not reminded again.
enum DeadlineReminders {
    static let job = "deadlines.remind"
    /// A digest names this many deadlines and links to the list for the rest.
    static let listed = 25

    /// Queues the digest; returns how many deadlines it reminds of (0 when nothing is new or no channel listens).
    @discardableResult
    static func run(app: Application, now: Date) async throws -> Int {
        let subscribed = try await NotificationChannel.query(on: app.db).filter(\.$enabled == true).all()
            .contains { $0.topics.contains(.deadlines) }
        // Without a listener nothing is marked as reminded, so a channel added later still hears of what is coming.
        guard subscribed else { return 0 }
        let settings = try await NotificationSettings.current(on: app.db)
        let leads = settings.leadTimes
        let today = try await app.organisationToday()
        let due = try await ContractService.deadlines(on: app.db, today: today, days: leads.longest).compactMap {
            deadline -> (ContractService.Deadline, String)? in
            guard deadline.decision == nil, let lead = leads.reminder(daysLeft: deadline.daysLeft) else { return nil }
            return (deadline, "\(deadline.kind.rawValue):\(deadline.subjectID.uuidString):\(deadline.date):\(lead)")
        }
        guard !due.isEmpty else { return 0 }
        var sent = Set<String>()
        for chunk in stride(from: 0, to: due.count, by: 500).map({ due[$0..<min($0 + 500, due.count)] }) {
            let keys = chunk.map(\.1)
            sent.formUnion(try await DeadlineReminder.query(on: app.db).filter(\.$key ~~ keys).all().map(\.key))
        }
        let fresh = due.filter { !sent.contains($0.1) }
        guard !fresh.isEmpty else { return 0 }
        let localizer = app.services.localizer
        let link = settings.link(Paths.deadlines.path + "?days=\(max(leads.longest, 1))")
        try await app.write(appendsToAuditTrail: false) { db in
            try await BulkInsert.rows(
                into: DeadlineReminder.schema, columns: ["id", "key", "sent_at"],
                fresh.map { [.uuid(UUID()), .text($0.1), .date(now)] }, on: db)
            try await NotificationService.enqueue(topic: .deadlines, on: db, now: now) { language in
                digest(fresh.map(\.0), language: language, localizer: localizer, link: link)
            }
        }
        return fresh.count
    }

    /// "3 deadlines need a decision" and a line per deadline, soonest first.
    static func digest(
        _ deadlines: [ContractService.Deadline], language: Language, localizer: Localizer, link: String?
    ) -> NotificationService.Message {
        let number = { localizer.number($0, language) }
        let lines = deadlines.prefix(listed).map { deadline in
            "\(deadline.date) · \(DeadlineText.due(deadline.daysLeft, language: language, localizer: localizer)) · "
                + "\(localizer.text(deadline.kind.labelKey, language)): \(deadline.subject)"
        }
        var body = localizer.text("deadline.reminder.intro", language) + "\n\n" + lines.joined(separator: "\n")
        if deadlines.count > listed {
            body += "\n" + localizer.text("deadline.reminder.more", language, ["count": number(deadlines.count - listed)])
        }
        let subject = localizer.catalogue(language).plural(
            "deadline.reminder.subject", count: deadlines.count, formattedCount: number(deadlines.count))
        return .init(subject: subject, body: body, link: link)
    }
}
