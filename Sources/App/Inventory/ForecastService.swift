import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The refresh forecast over the fleet in use (ordered, in stock, deployed, in repair): which assets fall due for
/// replacement in each fiscal quarter ahead and what replacing them costs, grouped by type, site or department. The rules
/// are `Domain.RefreshForecast`; this type reads what they need in one query and names the groups.
enum ForecastService {
    enum Grouping: String, CaseIterable, Sendable {
        case type, site, department
    }

    /// One asset as the forecast and its exports see it.
    struct Entry: Sendable {
        let tag: String
        let name: String
        let model: String
        let type: AssetType
        let site: String
        let department: String
    }

    struct Result: Sendable {
        let forecast: RefreshForecast.Forecast
        let entries: [String: Entry]
        let calendar: FiscalCalendar
        let today: CalendarDate

        func group(_ due: RefreshForecast.Due, by grouping: Grouping, typeLabel: (AssetType) -> String) -> String {
            guard let entry = entries[due.asset.id] else { return "" }
            return switch grouping {
            case .type: typeLabel(entry.type)
            case .site: entry.site
            case .department: entry.department
            }
        }
    }

    static let maximumQuarters = 20

    static func run(on db: any Database, now: Date, quarters: Int = 12) async throws -> Result {
        let settings = try await OrganisationSettings.current(on: db)
        let zone = TimeZone(identifier: settings.timeZone) ?? .gmt
        let calendar = FiscalCalendar(startMonth: settings.fiscalYearStartMonth, timeZone: zone)
        let today = CalendarDate(now, in: zone)
        struct Row: Decodable {
            let id: UUID
            let tag: String
            let name: String
            let type: String
            let purchase_date: String?
            let purchase_cost_minor: Int64?
            let purchase_cost_currency: String?
            let warranty_end: String?
            let model_name: String
            let manufacturer: String
            let end_of_life: String?
            let lifetime_months: Int?
            let list_price_minor: Int64?
            let list_price_currency: String?
            let site: String?
            let department: String?
        }
        let inUse = [AssetStatus.ordered, .inStock, .deployed, .inRepair].map { SQLLiteral.string($0.rawValue) }
        let rows = try await (db as! any SQLDatabase).raw(
            """
            SELECT a.id, a.tag, a.name, a.type, a.purchase_date, a.purchase_cost_minor, a.purchase_cost_currency, a.warranty_end, \
            m.name AS model_name, f.name AS manufacturer, m.end_of_life, m.lifetime_months, m.list_price_minor, m.list_price_currency, \
            s.name AS site, d.name AS department \
            FROM assets a JOIN asset_models m ON m.id = a.model_id JOIN manufacturers f ON f.id = m.manufacturer_id \
            LEFT JOIN sites s ON s.id = a.site_id LEFT JOIN employees e ON e.id = a.assigned_employee_id \
            LEFT JOIN departments d ON d.id = e.department_id \
            WHERE a.status IN (\(SQLList(inUse)))
            """
        ).all(decoding: Row.self)
        var entries: [String: Entry] = [:]
        let assets = rows.map { row in
            let id = row.id.uuidString
            entries[id] = Entry(
                tag: row.tag, name: row.name, model: "\(row.manufacturer) \(row.model_name)", type: AssetType(rawValue: row.type) ?? .other,
                site: row.site ?? "", department: row.department ?? "")
            return RefreshForecast.Asset(
                id: id, purchaseDate: row.purchase_date.flatMap(CalendarDate.init), lifetimeMonths: row.lifetime_months,
                warrantyEnd: row.warranty_end.flatMap(CalendarDate.init), modelEndOfLife: row.end_of_life.flatMap(CalendarDate.init),
                listPrice: Money(minorUnits: row.list_price_minor, currencyCode: row.list_price_currency),
                purchaseCost: Money(minorUnits: row.purchase_cost_minor, currencyCode: row.purchase_cost_currency))
        }
        let forecast = RefreshForecast.forecast(
            assets, today: today, calendar: calendar, quarters: min(max(quarters, 1), maximumQuarters))
        return Result(forecast: forecast, entries: entries, calendar: calendar, today: today)
    }

    /// Every asset due within the horizon, one row each, as CSV (header in English, as column names are for machines).
    static func csv(_ result: Result) -> String {
        var text = CSV.line(["tag", "name", "model", "type", "site", "department", "due", "reason", "quarter", "estimate", "currency"])
        for due in result.forecast.due {
            let entry = result.entries[due.asset.id]
            text += CSV.line([
                entry?.tag ?? "", entry?.name ?? "", entry?.model ?? "", entry?.type.rawValue ?? "", entry?.site ?? "",
                entry?.department ?? "", due.date.description, due.reason.rawValue, due.quarter.label(result.calendar),
                due.estimate?.plainDecimal ?? "", due.estimate?.currency.code ?? "",
            ])
        }
        return text
    }
}
