import Domain
import Fluent
import Foundation
import SQLKit

/// The usage report of a period, at organisation level and by department or site — never by person. Groups with fewer
/// people than the minimum are folded into "other" (`GroupFolding`), and so are domains fewer people visited; when the
/// whole organisation has fewer, nothing but the fact is shown. Unattributed traffic is shown per site, as it names no one.
struct UsageReport: Sendable {
    enum Grouping: String, CaseIterable, Codable, Sendable {
        case department, site
    }

    struct Counts: Sendable, Equatable, Codable {
        var requests: Int64 = 0
        var bytes: Int64 = 0
        var denied: Int64 = 0
        var sent: Int64 = 0
        var received: Int64 = 0
        var internalRecipients: Int64 = 0
        var externalRecipients: Int64 = 0
        var largeMessages: Int64 = 0
        var largeToFreeMail: Int64 = 0

        static func + (lhs: Counts, rhs: Counts) -> Counts {
            Counts(
                requests: lhs.requests + rhs.requests, bytes: lhs.bytes + rhs.bytes, denied: lhs.denied + rhs.denied,
                sent: lhs.sent + rhs.sent, received: lhs.received + rhs.received,
                internalRecipients: lhs.internalRecipients + rhs.internalRecipients,
                externalRecipients: lhs.externalRecipients + rhs.externalRecipients, largeMessages: lhs.largeMessages + rhs.largeMessages,
                largeToFreeMail: lhs.largeToFreeMail + rhs.largeToFreeMail)
        }

        /// External recipients' share of all recipients, in basis points.
        var externalShareBasisPoints: Int? {
            let all = internalRecipients + externalRecipients
            return all > 0 ? Int(externalRecipients * 10_000 / all) : nil
        }
    }

    struct Group: Sendable, Equatable {
        /// The department's or site's id; nil for records without one.
        let id: UUID?
        let name: String
        let people: Int
        let counts: Counts
    }

    struct DomainLine: Sendable, Equatable {
        let domain: String
        let people: Int
        let requests: Int64
        let bytes: Int64
        let denied: Int64
    }

    struct CategoryLine: Sendable, Equatable {
        let name: String
        let people: Int
        let requests: Int64
        let bytes: Int64
    }

    struct Day: Sendable, Equatable {
        let day: CalendarDate
        let counts: Counts
    }

    let from: CalendarDate
    let to: CalendarDate
    let grouping: Grouping
    let minimumGroupSize: Int
    /// People seen in the period (the most in any one key period: pseudonyms change between periods).
    let people: Int
    /// Fewer people than the minimum: only this fact is shown.
    var suppressed: Bool { people < minimumGroupSize }
    let totals: Counts
    let days: [Day]
    let groups: [Group]
    /// The folded groups together, when any were folded.
    let other: Group?
    /// Unattributed traffic, per site.
    let unknown: [Group]
    let domains: [DomainLine]
    let deniedDomains: [DomainLine]
    /// Categories at least the minimum of people visited sites of, most requests first.
    let categories: [CategoryLine]
    /// Requests by weekday (0 = Monday) and hour.
    let heat: [[Int64]]

    static let domainLimit = 20

}
