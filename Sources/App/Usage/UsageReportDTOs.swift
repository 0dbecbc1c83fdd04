import Domain
import Foundation
import UsageCounting
import Vapor

extension UsageReportAPIController {
    struct CountsDTO: Vapor.Content {
        let requests: Int64
        let bytes: Int64
        let denied: Int64
        let sent: Int64
        let received: Int64
        let internalRecipients: Int64
        let externalRecipients: Int64
        let largeMessages: Int64
        let largeToFreeMail: Int64

        init(_ counts: UsageReport.Counts) {
            (requests, bytes, denied, sent, received) = (counts.requests, counts.bytes, counts.denied, counts.sent, counts.received)
            (internalRecipients, externalRecipients) = (counts.internalRecipients, counts.externalRecipients)
            (largeMessages, largeToFreeMail) = (counts.largeMessages, counts.largeToFreeMail)
        }

        static let schema = JSONSchema.object(
            properties: Dictionary(
                uniqueKeysWithValues: [
                    "requests", "bytes", "denied", "sent", "received", "internalRecipients", "externalRecipients", "largeMessages",
                    "largeToFreeMail",
                ].map { ($0, JSONSchema.integer(minimum: 0)) }),
            required: [
                "requests", "bytes", "denied", "sent", "received", "internalRecipients", "externalRecipients", "largeMessages",
                "largeToFreeMail",
            ])
    }

    struct GroupDTO: Vapor.Content {
        /// The department or site; nil for "other" (folded groups) and for people without one.
        let id: UUID?
        let name: String
        let people: Int
        let counts: CountsDTO

        static let schema = JSONSchema.object(
            properties: [
                "id": .nullable(.string(format: "uuid")), "name": .string(), "people": .integer(minimum: 0), "counts": .ref("UsageCounts"),
            ],
            required: ["name", "people", "counts"])
    }

    struct DomainDTO: Vapor.Content {
        let domain: String
        let people: Int
        let requests: Int64
        let bytes: Int64
        let denied: Int64

        static let schema = JSONSchema.object(
            properties: [
                "domain": .string(), "people": .integer(minimum: 0), "requests": .integer(minimum: 0), "bytes": .integer(minimum: 0),
                "denied": .integer(minimum: 0),
            ], required: ["domain", "people", "requests", "bytes", "denied"])
    }

    struct CategoryDTO: Vapor.Content {
        /// The list's own name (`social_networks`, or a UT1 folder's name).
        let name: String
        let people: Int
        let requests: Int64
        let bytes: Int64

        static let schema = JSONSchema.object(
            properties: [
                "name": .string(), "people": .integer(minimum: 0), "requests": .integer(minimum: 0), "bytes": .integer(minimum: 0),
            ],
            required: ["name", "people", "requests", "bytes"])
    }

    struct DayDTO: Vapor.Content {
        let day: String
        let counts: CountsDTO

        static let schema = JSONSchema.object(
            properties: ["day": .string(format: "date"), "counts": .ref("UsageCounts")], required: ["day", "counts"])
    }

    struct ReportDTO: Vapor.Content {
        let from: String
        let to: String
        let group: String
        let minimumGroupSize: Int
        /// Fewer people than the minimum group size: every other member is empty.
        let suppressed: Bool
        let totals: CountsDTO?
        let days: [DayDTO]
        let groups: [GroupDTO]
        let other: GroupDTO?
        let unknown: [GroupDTO]
        let domains: [DomainDTO]
        let deniedDomains: [DomainDTO]
        let categories: [CategoryDTO]
        /// Requests by weekday (Monday first) and hour, in the organisation's time zone.
        let heat: [[Int64]]

        static let schema = JSONSchema.object(
            properties: [
                "from": .string(format: "date"), "to": .string(format: "date"),
                "group": .string(enumeration: UsageReport.Grouping.allCases.map(\.rawValue)), "minimumGroupSize": .integer(minimum: 2),
                "suppressed": .boolean, "totals": .nullable(.ref("UsageCounts")), "days": .array(.ref("UsageDay")),
                "groups": .array(.ref("UsageGroup")), "other": .nullable(.ref("UsageGroup")), "unknown": .array(.ref("UsageGroup")),
                "domains": .array(.ref("UsageDomain")), "deniedDomains": .array(.ref("UsageDomain")),
                "categories": .array(.ref("UsageCategory")), "heat": .array(.array(.integer(minimum: 0))),
            ],
            required: [
                "from", "to", "group", "minimumGroupSize", "suppressed", "days", "groups", "unknown", "domains", "deniedDomains",
                "categories", "heat",
            ])
    }
}
