import Foundation

/// A small bar chart the template draws as SVG: one bar per period, each with its value as a tooltip, and the whole
/// series said in words for a screen reader. Bars grow from `floor` (an availability chart starts at 95 %, not 0, so a
/// bad week shows).
struct BarSeries: Encodable, Sendable {
    struct Bar: Encodable, Sendable {
        let x: Int
        let y: Int
        let height: Int
        let title: String
        let tone: String
    }

    let width: Int
    let height: Int
    let barWidth: Int
    let bars: [Bar]
    /// Where the bars stand: the baseline's y.
    let base: Int
    let summary: String
    let firstLabel: String
    let lastLabel: String
    let topLabel: String
    let floorLabel: String

    /// One point of the series: its period's label, value and the value as text.
    struct Point: Sendable {
        let label: String
        let value: Int
        let text: String
        /// A colour class for the bar ("bad" for an outage week); empty for the plain colour.
        var tone: String = ""
    }

    init(_ points: [Point], floor: Int = 0, top: Int? = nil, summary: String, number: (Int) -> String) {
        let (width, height, plotTop) = (260, 72, 6)
        let base = height - 16
        let top = max(top ?? (points.map(\.value).max() ?? 0), floor + 1)
        let slot = points.isEmpty ? width : width / points.count
        (self.width, self.height, self.base, barWidth) = (width, height, base, max(2, slot - 3))
        bars = points.enumerated().map { index, point in
            let share = Double(min(max(point.value, floor), top) - floor) / Double(top - floor)
            let barHeight = max(point.value > floor ? 2 : 0, Int((share * Double(base - plotTop)).rounded()))
            return Bar(x: index * slot, y: base - barHeight, height: barHeight, title: "\(point.label): \(point.text)", tone: point.tone)
        }
        self.summary = summary
        firstLabel = points.first?.label ?? ""
        lastLabel = points.last?.label ?? ""
        topLabel = number(top)
        floorLabel = number(floor)
    }
}

/// A sparkline: recent values as one line in a small box, for a list row (a check's response times).
struct Sparkline: Encodable, Sendable {
    let width: Int
    let height: Int
    let points: String
    let summary: String

    /// Nil for fewer than two values: one point draws no line.
    init?(_ values: [Int], summary: String) {
        guard values.count >= 2 else { return nil }
        let (width, height) = (96, 24)
        (self.width, self.height) = (width, height)
        let top = max(values.max() ?? 1, 1)
        let step = Double(width - 2) / Double(values.count - 1)
        points = values.enumerated().map { index, value in
            let x = 1 + Double(index) * step
            let y = Double(height - 2) - Double(value) / Double(top) * Double(height - 4)
            return "\(Int(x.rounded())),\(Int(y.rounded()))"
        }.joined(separator: " ")
        self.summary = summary
    }
}
