import Domain
import Foundation
import Vapor

/// The refresh forecast: a page with a chart and a table per quarter, and its CSV.
struct RefreshForecastPages: Sendable {
    /// "12 345,00 € + 4 500,00 kr", or "–" when nothing is priced.
    private static func cost(_ total: RefreshForecast.Total?, _ language: Language) -> String {
        let amounts = total?.amounts ?? []
        return amounts.isEmpty ? "–" : amounts.map { $0.formatted(language) }.joined(separator: " + ")
    }

    struct PageContent: Encodable {
        struct Bar: Encodable {
            let x: Int
            let y: Int
            let height: Int
            let labelX: Int
            let quarter: String
            let count: String
        }

        struct Cell: Encodable {
            let count: String
            let cost: String
        }

        struct Row: Encodable {
            let name: String
            let cells: [Cell]
        }

        struct DueRow: Encodable {
            /// Nil for a reader who may not open asset pages.
            let href: String?
            let tag: String
            let model: String
            let group: String
            let date: String
            let reason: String
            let estimate: String
        }

        let groupings: [Choice]
        let horizons: [Choice]
        let group: String
        let quarters: [String]
        let bars: [Bar]
        let chartWidth: Int
        let chartLabel: String
        let rows: [Row]
        let total: Row
        let overdue: Int
        let later: Int
        let unknown: Int
        let due: [DueRow]
        let dueTotal: Int
        let exportHref: String
    }

    func page(_ req: Request) async throws -> Response {
        let (grouping, quarters) = try RefreshForecastQuery.parse(req)
        let result = try await RefreshForecastService.run(on: req.db, now: req.now, quarters: quarters)
        let forecast = result.forecast
        let language = req.language
        let number = { req.services.localizer.number($0, language) }
        let typeLabel = { (type: AssetType) in req.t(type.labelKey) }
        let labels = forecast.quarters.map { $0.label(result.calendar) }
        let perQuarter = forecast.perQuarter
        let groups = forecast.totals { result.group($0, by: grouping, typeLabel: typeLabel) }
        func cells(_ totals: [FiscalQuarter: RefreshForecast.Total]) -> [PageContent.Cell] {
            forecast.quarters.map { quarter in
                let total = totals[quarter]
                return PageContent.Cell(count: total.map { number($0.count) } ?? "–", cost: total.map { Self.cost($0, language) } ?? "")
            }
        }
        let rows = groups.sorted { $0.key < $1.key }.map {
            PageContent.Row(name: $0.key.nilIfEmpty ?? req.t("forecast.unassigned"), cells: cells($0.value))
        }
        // The chart: one bar per quarter, its height the number of assets due, on a 200-unit-high canvas: bars stand on
        // y = 175 and reach at most y = 30, leaving room for the count above and the quarter below.
        let slot = 60
        let highest = max(1, forecast.quarters.map { perQuarter[$0]?.count ?? 0 }.max() ?? 1)
        let bars = forecast.quarters.enumerated().map { index, quarter in
            let count = perQuarter[quarter]?.count ?? 0
            let height = count * 145 / highest
            return PageContent.Bar(
                x: index * slot + 10, y: 175 - height, height: height, labelX: index * slot + slot / 2, quarter: labels[index],
                count: number(count))
        }
        let due = forecast.due.prefix(200).map { entry in
            let asset = result.entries[entry.asset.id]
            return PageContent.DueRow(
                href: req.link(Paths.hardwareAsset.path(UUID(uuidString: entry.asset.id)!)), tag: asset?.tag ?? "",
                model: asset?.model ?? "",
                group: result.group(entry, by: grouping, typeLabel: typeLabel), date: req.services.localizer.date(entry.date, req.language),
                reason: req.t(entry.reason.labelKey), estimate: entry.estimate?.formatted(language) ?? "–")
        }
        let content = PageContent(
            groupings: Choice.list(
                req, RefreshForecastService.Grouping.allCases, key: { "forecast.by_\($0.rawValue)" }, selected: grouping.rawValue),
            horizons: [4, 8, 12].map {
                .init(value: String($0), label: req.t("forecast.quarters_ahead", ["count": number($0)]), selected: $0 == quarters)
            },
            group: req.t("forecast.by_\(grouping.rawValue)"), quarters: labels, bars: bars, chartWidth: slot * forecast.quarters.count + 20,
            chartLabel: req.t("forecast.chart_label"), rows: rows, total: .init(name: req.t("forecast.total"), cells: cells(perQuarter)),
            overdue: forecast.overdue, later: forecast.later, unknown: forecast.unknown, due: Array(due), dueTotal: forecast.due.count,
            exportHref: Paths.hardwareForecastExport.path + "?quarters=\(quarters)")
        return try await req.page("inventory/forecast", titleKey: "forecast.title", content)
    }

    func export(_ req: Request) async throws -> Response {
        let (_, quarters) = try RefreshForecastQuery.parse(req)
        let result = try await RefreshForecastService.run(on: req.db, now: req.now, quarters: quarters)
        let response = Response(status: .ok, body: .init(string: RefreshForecastService.csv(result)))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"refresh-forecast.csv\"")
        return response
    }
}
