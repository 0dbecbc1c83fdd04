import Domain
import Foundation

/// The forecast as a CSV file.
extension RefreshForecastService {
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
