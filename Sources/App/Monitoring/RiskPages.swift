import Domain
import Foundation
import Vapor

/// `/monitoring/risks`: the fault forecasts and inventory dates, soonest first.
struct RiskPages: Sendable {
    struct Row: Encodable {
        let kind: String
        let title: String
        /// Nil for a reader who may not open the page (an executive and an asset).
        let href: String?
        let when: String
        let daysLeft: String
        let soon: Bool
        /// Nil rather than empty: Leaf counts an empty text as true, which left a dangling " · ".
        let detail: String?
    }

    /// The rows as the reader reads them: the date, the days left, and for a trend where it stands and how fast it moves.
    static func rows(_ list: RiskList, _ req: Request, zone: TimeZone) -> [Row] {
        let localizer = req.services.localizer
        let today = CalendarDate(req.now, in: zone)
        return list.risks.map { risk in
            let day = CalendarDate(risk.when, in: zone)
            let days = max(0, today.days(until: day))
            var detail = ""
            if let unitKey = risk.unitKey, let current = risk.current, let threshold = risk.threshold, let slope = risk.slopePerDay {
                let unit = req.t(unitKey)
                detail = req.t(
                    "risk.trend",
                    [
                        "current": localizer.number(Int(current.rounded()), req.language),
                        "limit": localizer.number(threshold, req.language),
                        "unit": unit, "slope": localizer.hundredths(Int((slope * 100).rounded()), req.language),
                    ])
            } else if let assets = risk.assets {
                detail = localizer.catalogue(req.language).plural("risk.assets_in_use", count: assets)
            }
            return Row(
                kind: req.t(risk.kind.labelKey), title: risk.title, href: req.link(risk.href), when: localizer.date(day, req.language),
                daysLeft: days == 0 ? req.t("deadline.today") : localizer.catalogue(req.language).plural("risk.days_left", count: days),
                soon: days <= 14, detail: detail.nilIfEmpty)
        }
    }

    struct Content: Encodable {
        let rows: [Row]
        let horizon: String
        let computed: String?
    }

    func page(_ req: Request) async throws -> Response {
        let (list, zone) = try await RiskQuery.list(req)
        let computed = try await CheckForecast.query(on: req.db).sort(\.$computedAt, .descending).first()?.computedAt
        return try await req.page(
            "monitoring/risks", titleKey: "risk.title",
            Content(
                rows: Self.rows(list, req, zone: zone),
                horizon: req.services.localizer.number(RiskList.horizonDays, req.language),
                computed: computed.map { req.dateTime($0) }))
    }
}
