import Domain
import Foundation

/// A bar a day, as server-drawn SVG: the volume trend and the mail trend of the usage report.
struct DailyBars: Encodable {
    struct Bar: Encodable {
        let x: Int
        let y: Int
        let width: Int
        let height: Int
        let title: String
    }

    struct Tick: Encodable {
        let x: Int
        let label: String
    }

    static let width = 720
    static let plotHeight = 140
    let height = 170
    let width = DailyBars.width
    let bars: [Bar]
    let ticks: [Tick]
    let label: String
    let maximum: String

    /// `values` one per day in order; `title` says a bar's day and value in words; ticks every week or so.
    init(days: [CalendarDate], values: [Int64], label: String, maximum: String, dayLabel: (CalendarDate) -> String, title: (Int) -> String)
    {
        let top = max(1, values.max() ?? 1)
        let step = max(1, Self.width / max(1, days.count))
        bars = values.enumerated().map { index, value in
            let height = Int(value * Int64(Self.plotHeight) / top)
            return Bar(x: index * step, y: Self.plotHeight - height, width: max(1, step - 1), height: height, title: title(index))
        }
        let every = max(1, days.count / 6)
        ticks = stride(from: 0, to: days.count, by: every).map { Tick(x: $0 * step, label: dayLabel(days[$0])) }
        self.label = label
        self.maximum = maximum
    }
}

/// Requests by weekday and hour: seven rows of 24 cells, shaded in five steps and labelled with their counts, so the
/// pattern reads without colour (each cell's title and the level's pattern say how busy it was).
struct HeatMap: Encodable {
    struct Cell: Encodable {
        let x: Int
        let y: Int
        let level: Int
        let title: String
    }

    struct Label: Encodable {
        let x: Int
        let y: Int
        let text: String
    }

    static let cell = 24
    static let left = 44
    let width = HeatMap.left + 24 * HeatMap.cell
    let height = 7 * HeatMap.cell + 20
    let cells: [Cell]
    let rows: [Label]
    let columns: [Label]
    let label: String

    init(_ heat: [[Int64]], weekdays: [String], label: String, title: (Int, Int, Int64) -> String) {
        let top = max(1, heat.flatMap { $0 }.max() ?? 1)
        var cells: [Cell] = []
        for (day, hours) in heat.enumerated() {
            for (hour, value) in hours.enumerated() {
                // Level 0 is none at all; 1–4 are quarters of the busiest hour.
                let level = value == 0 ? 0 : 1 + Int(min(3, (value * 4 - 1) / top))
                cells.append(Cell(x: Self.left + hour * Self.cell, y: day * Self.cell, level: level, title: title(day, hour, value)))
            }
        }
        self.cells = cells
        rows = weekdays.enumerated().map { Label(x: Self.left - 6, y: $0.offset * Self.cell + 16, text: $0.element) }
        columns = stride(from: 0, to: 24, by: 3).map {
            Label(x: Self.left + $0 * Self.cell + 2, y: 7 * Self.cell + 14, text: String(format: "%02d", $0))
        }
        self.label = label
    }
}
