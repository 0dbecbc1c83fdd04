import Domain
import Foundation
import UsageCounting
import Vapor

/// The report a page or an API call asks for.
enum UsageReportQuery {
    /// The period and grouping asked for: `from` and `to` (YYYY-MM-DD, default the last 30 days), `group`.
    static func read(_ req: Request) async throws -> (UsageReport, UsagePolicy) {
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
        return (
            try await UsageReport.build(
                from: from, to: to, grouping: grouping, policy: policy, cache: req.application.usageReports, on: req.db), policy
        )
    }
}
