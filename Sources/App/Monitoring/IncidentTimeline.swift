import Domain
import Foundation

/// The month's outages as bars on a day axis, one row per asset or service that had any, so a bad week stands out at
/// a glance; each bar's title says when and how long (readable without colour).
struct IncidentTimeline: Encodable {
    struct Bar: Encodable {
        let x: Int
        let width: Int
        let status: String
        let title: String
    }

    struct Row: Encodable {
        let y: Int
        let textY: Int
        let name: String
        let bars: [Bar]
    }

    struct Tick: Encodable {
        let x: Int
        let label: String
    }

    static let left = 180
    static let rowHeight = 22
    static let maximumRows = 20

    let width: Int
    let height: Int
    let right: Int
    let axisY: Int
    let rows: [Row]
    let ticks: [Tick]
    let label: String
    let empty: Bool

    init(_ report: UptimeReport, zone: TimeZone, label: String, time: (Date) -> String, duration: (TimeInterval) -> String) {
        let span = report.month.span(in: zone)
        width = 760
        right = width - 8
        let plot = Double(right - Self.left)
        let x = { (date: Date) in Self.left + Int((max(0, date.timeIntervalSince(span.start)) / span.duration * plot).rounded()) }
        let grouped = Dictionary(grouping: report.incidents, by: \.subject)
        let names = grouped.keys.sorted { $0.naturallyPrecedes($1) }.prefix(Self.maximumRows)
        rows = names.enumerated().map { index, name in
            let y = 8 + index * Self.rowHeight
            let bars = (grouped[name] ?? []).map { incident in
                let start = max(incident.start, span.start)
                let end = min(incident.end ?? report.period.end, span.end)
                return Bar(
                    x: x(start), width: max(2, x(end) - x(start)), status: incident.status.rawValue,
                    title: "\(incident.checkName): \(time(incident.start)) · \(duration(incident.duration))")
            }
            return Row(y: y, textY: y + 14, name: String(name.prefix(28)), bars: bars)
        }
        axisY = 8 + max(1, rows.count) * Self.rowHeight + 14
        height = axisY + 6
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        ticks = [1, 8, 15, 22, 29].compactMap { day in
            guard let date = calendar.date(byAdding: .day, value: day - 1, to: span.start), date < span.end else { return nil }
            return Tick(x: x(date), label: String(day))
        }
        (self.label, empty) = (label, rows.isEmpty)
    }
}
