import Domain
import Foundation
import Vapor

/// `/usage` and `GET /api/v1/usage/report`: internet and mail use of a period, by department or site.
struct UsagePages: Sendable {
    /// The period and grouping asked for: `from` and `to` (YYYY-MM-DD, default the last 30 days), `group`.
    static func report(_ req: Request) async throws -> (UsageReport, UsagePolicy) {
        let zone = try await req.application.services.organisation.current(on: req.db).timeZone
        let today = CalendarDate(req.now, in: zone)
        var errors: [FieldError] = []
        func day(_ name: String, default value: CalendarDate) -> CalendarDate {
            guard let text = try? req.query.get(String.self, at: name), !text.isEmpty else { return value }
            guard let parsed = CalendarDate(text) else {
                errors.append(FieldError(field: name, code: .dateInvalid))
                return value
            }
            return parsed
        }
        let to = day("to", default: today)
        let from = day("from", default: CalendarDate(daysSince1970: to.daysSince1970 - 29))
        if errors.isEmpty, to < from { errors.append(FieldError(field: "to", code: .endBeforeStart)) }
        if errors.isEmpty, to.daysSince1970 - from.daysSince1970 > UsagePolicy.retentionRange.upperBound {
            errors.append(FieldError(field: "from", code: .outOfRange))
        }
        let groupText = (try? req.query.get(String.self, at: "group")) ?? UsageReport.Grouping.department.rawValue
        let grouping = UsageReport.Grouping(rawValue: groupText)
        if grouping == nil { errors.append(FieldError(field: "group", code: .invalid)) }
        guard errors.isEmpty, let grouping else { throw ValidationFailure(errors) }
        let policy = try await UsageSettings.current(on: req.db).policy
        return (try await UsageReport.build(from: from, to: to, grouping: grouping, policy: policy, on: req.db), policy)
    }

    // MARK: Page

    struct Content: Encodable {
        struct Card: Encodable {
            let label: String
            let value: String
        }

        struct Row: Encodable {
            let name: String
            let people: String
            let requests: String
            let volume: String
            let denied: String
            let sent: String
            let received: String
            let externalShare: String
        }

        struct DomainRow: Encodable {
            let domain: String
            let people: String
            let requests: String
            let volume: String
            let denied: String
        }

        let from: String
        let to: String
        let groupings: [KeyedChoice]
        let suppressed: Bool
        let minimum: String
        let collecting: Bool
        let cards: [Card]
        let volume: DailyBars
        let mail: DailyBars
        let heat: HeatMap
        let groupTitle: String
        let rows: [Row]
        let other: Row?
        let unknown: [Row]
        let domains: [DomainRow]
        let deniedDomains: [DomainRow]
        let categories: [DomainRow]
        let canManage: Bool
        let errors: [String: String]
    }

    func page(_ req: Request) async throws -> Response {
        let report: UsageReport
        let policy: UsagePolicy
        do {
            (report, policy) = try await Self.report(req)
        } catch let failure as ValidationFailure {
            return try await req.page(
                "usage/report", titleKey: "usage.title",
                Self.content(nil, try await UsageSettings.current(on: req.db).policy, req, errors: failure),
                status: .unprocessableEntity)
        }
        return try await req.page("usage/report", titleKey: "usage.title", Self.content(report, policy, req))
    }

    static func content(_ report: UsageReport?, _ policy: UsagePolicy, _ req: Request, errors: ValidationFailure? = nil) -> Content {
        let localizer = req.services.localizer
        let language = req.language
        let number = { (value: Int64) in localizer.number(Int(value), language) }
        let volume = { (value: Int64) in localizer.bytes(value, language) }
        let share = { (counts: UsageReport.Counts) in
            counts.externalShareBasisPoints.map { localizer.percent(basisPoints: $0, language) } ?? "–"
        }
        func row(_ group: UsageReport.Group, name: String) -> Content.Row {
            Content.Row(
                name: name, people: group.people > 0 ? localizer.number(group.people, language) : "–",
                requests: number(group.counts.requests),
                volume: volume(group.counts.bytes), denied: number(group.counts.denied), sent: number(group.counts.sent),
                received: number(group.counts.received), externalShare: share(group.counts))
        }
        func domain(_ line: UsageReport.DomainLine) -> Content.DomainRow {
            Content.DomainRow(
                domain: line.domain, people: localizer.number(line.people, language), requests: number(line.requests),
                volume: volume(line.bytes),
                denied: number(line.denied))
        }
        let shown = report.map { !$0.suppressed } ?? false
        let days = report?.days ?? []
        let dayLabel = { (day: CalendarDate) in localizer.date(day, language) }
        let totals = report?.totals ?? UsageReport.Counts()
        let grouping = report?.grouping ?? .department
        var weekdays = Calendar(identifier: .gregorian)
        weekdays.locale = language.locale
        let names = weekdays.shortWeekdaySymbols
        let mondayFirst = Array(names[1...]) + [names[0]]
        return Content(
            from: report?.from.description ?? ((try? req.query.get(String.self, at: "from")) ?? ""),
            to: report?.to.description ?? ((try? req.query.get(String.self, at: "to")) ?? ""),
            groupings: UsageReport.Grouping.allCases.map {
                KeyedChoice(value: $0.rawValue, labelKey: "usage.group.\($0.rawValue)", selected: $0 == grouping)
            },
            suppressed: report?.suppressed ?? false, minimum: localizer.number(policy.minimumGroupSize, language),
            collecting: policy.switches.web || policy.switches.mail,
            cards: shown
                ? [
                    .init(label: req.t("usage.requests"), value: number(totals.requests)),
                    .init(label: req.t("usage.volume"), value: volume(totals.bytes)),
                    .init(label: req.t("usage.denied"), value: number(totals.denied)),
                    .init(label: req.t("usage.mail_sent"), value: number(totals.sent)),
                    .init(label: req.t("usage.mail_received"), value: number(totals.received)),
                    .init(label: req.t("usage.external_share"), value: share(totals)),
                    .init(label: req.t("usage.large_messages"), value: number(totals.largeMessages)),
                ] : [],
            volume: DailyBars(
                days: shown ? days.map(\.day) : [], values: shown ? days.map(\.counts.bytes) : [], label: req.t("usage.volume_chart"),
                maximum: volume(days.map(\.counts.bytes).max() ?? 0), dayLabel: dayLabel,
                title: { "\(dayLabel(days[$0].day)): \(volume(days[$0].counts.bytes)), \(number(days[$0].counts.requests))" }),
            mail: DailyBars(
                days: shown ? days.map(\.day) : [], values: shown ? days.map(\.counts.sent) : [], label: req.t("usage.mail_chart"),
                maximum: number(days.map(\.counts.sent).max() ?? 0), dayLabel: dayLabel,
                title: { "\(dayLabel(days[$0].day)): \(number(days[$0].counts.sent))" }),
            heat: HeatMap(
                shown ? report!.heat : Array(repeating: Array(repeating: 0, count: 24), count: 7), weekdays: mondayFirst,
                label: req.t("usage.heat_chart"),
                title: { day, hour, value in "\(mondayFirst[day]) \(String(format: "%02d:00", hour)): \(number(value))" }),
            groupTitle: req.t("usage.group.\(grouping.rawValue)"),
            rows: shown ? report!.groups.map { row($0, name: $0.name.isEmpty ? req.t("usage.no_group") : $0.name) } : [],
            other: shown ? report!.other.map { row($0, name: req.t("usage.other")) } : nil,
            unknown: shown
                ? report!.unknown.map {
                    row($0, name: $0.name.isEmpty ? req.t("usage.unknown") : req.t("usage.unknown_at", ["site": $0.name]))
                } : [],
            domains: shown ? report!.domains.map(domain) : [], deniedDomains: shown ? report!.deniedDomains.map(domain) : [],
            categories: shown
                ? report!.categories.map {
                    Content.DomainRow(
                        domain: UsageFindingPages.categoryLabel($0.name, req),
                        people: localizer.number($0.people, language),
                        requests: number($0.requests), volume: volume($0.bytes), denied: "")
                } : [],
            canManage: req.may(.manageUsage), errors: req.fieldMessages(errors))
    }

    // MARK: API

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

    func api(_ req: Request) async throws -> ReportDTO {
        let (report, _) = try await Self.report(req)
        let shown = !report.suppressed
        func group(_ group: UsageReport.Group) -> GroupDTO {
            GroupDTO(id: group.id, name: group.name, people: group.people, counts: CountsDTO(group.counts))
        }
        func domain(_ line: UsageReport.DomainLine) -> DomainDTO {
            DomainDTO(domain: line.domain, people: line.people, requests: line.requests, bytes: line.bytes, denied: line.denied)
        }
        return ReportDTO(
            from: report.from.description, to: report.to.description, group: report.grouping.rawValue,
            minimumGroupSize: report.minimumGroupSize, suppressed: report.suppressed, totals: shown ? CountsDTO(report.totals) : nil,
            days: shown ? report.days.map { DayDTO(day: $0.day.description, counts: CountsDTO($0.counts)) } : [],
            groups: shown ? report.groups.map(group) : [], other: shown ? report.other.map(group) : nil,
            unknown: shown ? report.unknown.map(group) : [], domains: shown ? report.domains.map(domain) : [],
            deniedDomains: shown ? report.deniedDomains.map(domain) : [],
            categories: shown
                ? report.categories.map { CategoryDTO(name: $0.name, people: $0.people, requests: $0.requests, bytes: $0.bytes) } : [],
            heat: shown ? report.heat : [])
    }

    static let doc = APIDoc(
        summary:
            "Internet and mail use of a period (default: the last 30 days), by department or site — never by person. Groups with fewer people than the organisation's minimum group size are folded into `other`, and so are domains fewer people visited; when the whole organisation has fewer, `suppressed` is true and nothing else is given. Unattributed traffic is listed per site under `unknown`.",
        query: [
            .init(name: "from", schema: .string(format: "date"), description: "First day, YYYY-MM-DD."),
            .init(name: "to", schema: .string(format: "date"), description: "Last day, YYYY-MM-DD (default today)."),
            .init(
                name: "group", schema: .string(enumeration: ["department", "site"]), description: "Group by department (default) or site."),
        ],
        response: .ref("UsageReport"))

    static let schemas: [String: JSONSchema] = [
        "UsageReport": ReportDTO.schema, "UsageCounts": CountsDTO.schema, "UsageGroup": GroupDTO.schema, "UsageDomain": DomainDTO.schema,
        "UsageDay": DayDTO.schema, "UsageCategory": CategoryDTO.schema,
    ]
}
