import Domain
import Fluent
import Foundation
import SQLKit
import UsageCounting
import Vapor

/// Everything stored about one person's usage, found by computing their pseudonym under each period's key: for their
/// own page, the API and the Art. 15 export.
enum UsageOwnData {
    struct WebDayDTO: Content {
        let day: String
        let domain: String
        let requests: Int64
        let bytes: Int64
        let denied: Int64
    }

    struct MailDayDTO: Content {
        let day: String
        let sent: Int64
        let received: Int64
        let sentBytes: Int64
        let receivedBytes: Int64
        let internalRecipients: Int64
        let externalRecipients: Int64
        let largestBytes: Int64
    }

    struct ReidentifiedDTO: Content {
        let day: String
        let rule: String
        let requester: String
        let reason: String
        let decider: String
        let decidedAt: Date
    }

    struct MineDTO: Content {
        /// The pseudonyms the person's data is stored under, one per key period.
        let pseudonyms: [String]
        let web: [WebDayDTO]
        let mail: [MailDayDTO]
        /// Findings about the person that someone was allowed to re-identify: by whom, why, approved by whom.
        var reidentified: [ReidentifiedDTO] = []

        static let schema = JSONSchema.object(
            properties: [
                "pseudonyms": .array(.string()),
                "web": .array(
                    .object(
                        properties: [
                            "day": .string(format: "date"), "domain": .string(), "requests": .integer(minimum: 0),
                            "bytes": .integer(minimum: 0),
                            "denied": .integer(minimum: 0),
                        ], required: ["day", "domain", "requests", "bytes", "denied"])),
                "mail": .array(
                    .object(
                        properties: [
                            "day": .string(format: "date"), "sent": .integer(minimum: 0), "received": .integer(minimum: 0),
                            "sentBytes": .integer(minimum: 0), "receivedBytes": .integer(minimum: 0),
                            "internalRecipients": .integer(minimum: 0),
                            "externalRecipients": .integer(minimum: 0), "largestBytes": .integer(minimum: 0),
                        ],
                        required: [
                            "day", "sent", "received", "sentBytes", "receivedBytes", "internalRecipients", "externalRecipients",
                            "largestBytes",
                        ])),
                "reidentified": .array(
                    .object(
                        properties: [
                            "day": .string(format: "date"), "rule": .string(), "requester": .string(), "reason": .string(),
                            "decider": .string(),
                            "decidedAt": .string(format: "date-time"),
                        ], required: ["day", "rule", "requester", "reason", "decider", "decidedAt"])),
            ], required: ["pseudonyms", "web", "mail", "reidentified"])
    }

    /// Everything stored about one person, newest first.
    static func of(_ employee: UUID, box: SecretBox, on db: any Database) async throws -> MineDTO {
        let keys = try await PseudonymKeys.load(box: box, on: db)
        let pseudonyms = keys.periods.indices.map { keys.pseudonym(of: employee, inPeriod: $0) }
        guard !pseudonyms.isEmpty else { return MineDTO(pseudonyms: [], web: [], mail: []) }
        let sql = db.sql
        let web = try await sql.select().columns("day", "domain", "requests", "bytes", "denied").from("usage_web_days")
            .where("subject", .in, SQLBind.group(pseudonyms)).orderBy("day", .descending).orderBy("domain").all().map { row in
                WebDayDTO(
                    day: try row.decode(column: "day", as: String.self), domain: try row.decode(column: "domain", as: String.self),
                    requests: try row.decode(column: "requests", as: Int64.self), bytes: try row.decode(column: "bytes", as: Int64.self),
                    denied: try row.decode(column: "denied", as: Int64.self))
            }
        let mail = try await sql.select()
            .columns(
                "day", "sent", "received", "sent_bytes", "received_bytes", "internal_recipients", "external_recipients", "largest_bytes"
            )
            .from("usage_mail_days").where("subject", .in, SQLBind.group(pseudonyms)).orderBy("day", .descending).all().map { row in
                MailDayDTO(
                    day: try row.decode(column: "day", as: String.self), sent: try row.decode(column: "sent", as: Int64.self),
                    received: try row.decode(column: "received", as: Int64.self),
                    sentBytes: try row.decode(column: "sent_bytes", as: Int64.self),
                    receivedBytes: try row.decode(column: "received_bytes", as: Int64.self),
                    internalRecipients: try row.decode(column: "internal_recipients", as: Int64.self),
                    externalRecipients: try row.decode(column: "external_recipients", as: Int64.self),
                    largestBytes: try row.decode(column: "largest_bytes", as: Int64.self))
            }
        let used = Set(web.map(\.day) + mail.map(\.day))
        let periodsUsed = keys.periods.indices.filter { index in
            used.contains { day in
                guard let number = CalendarDate(day)?.daysSince1970 else { return false }
                return keys.period(of: number) == index
            }
        }
        let approved = try await UsageReidentification.records(status: .approved, employee: employee, on: db)
        let findings = Dictionary(
            uniqueKeysWithValues: try await UsageReidentification.findings(ids: approved.map(\.findingID), on: db).map { ($0.id, $0) })
        let reidentified = approved.compactMap { record in
            findings[record.findingID].map {
                ReidentifiedDTO(
                    day: $0.day, rule: $0.ruleName, requester: record.requesterLabel, reason: record.reason,
                    decider: record.deciderLabel ?? "",
                    decidedAt: record.decidedAt ?? record.requestedAt)
            }
        }
        return MineDTO(pseudonyms: periodsUsed.map { pseudonyms[$0] }, web: web, mail: mail, reidentified: reidentified)
    }
}
