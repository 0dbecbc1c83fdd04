import Domain
import Foundation
import Vapor

/// `/usage`: internet and mail use of a period, by department or site.
struct UsagePages: Sendable {
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
            (report, policy) = try await UsageReportQuery.read(req)
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

}
