import Domain
import Fluent
import Foundation
import Probes
import SQLKit
import Vapor

/// A response-time chart as SVG coordinates: a line through the results' times and, under it, the stretches where
/// the check was in a problem. Drawn on the server, so the page needs no script.
struct ResponseChart: Encodable {
    struct Band: Encodable {
        let x: Int
        let width: Int
        let status: String
    }

    struct Tick: Encodable {
        let y: Int
        let label: String
    }

    let width: Int
    let height: Int
    /// The plot's right edge, the bands' height and the time labels' baseline.
    let right: Int
    let bandHeight: Int
    let labelY: Int
    let points: String
    let bands: [Band]
    let ticks: [Tick]
    let startLabel: String
    let endLabel: String
    let empty: Bool

    static let plotLeft = 48

    init(_ results: [CheckResultDTO], from start: Date, to end: Date, label: (Date) -> String, number: (Int) -> String) {
        (width, height) = (720, 180)
        (right, bandHeight, labelY) = (720 - 8, 180 - 24, 180 - 4)
        let plotWidth = Double(width - Self.plotLeft - 8)
        let plotHeight = Double(height - 24)
        let span = max(end.timeIntervalSince(start), 1)
        let timed = results.compactMap { result in result.responseMs.map { (result.at, $0) } }
        let top = max(10, Self.roundUp(timed.map(\.1).max() ?? 10))
        let x = { (date: Date) in Self.plotLeft + Int((date.timeIntervalSince(start) / span * plotWidth).rounded()) }
        let y = { (value: Int) in 8 + Int((plotHeight - Double(value) / Double(top) * plotHeight).rounded()) }
        points = timed.map { "\(x($0.0)),\(y($0.1))" }.joined(separator: " ")
        var bands: [Band] = []
        for (index, result) in results.enumerated() where result.status.isProblem {
            let next = index + 1 < results.count ? results[index + 1].at : end
            let left = x(result.at)
            bands.append(Band(x: left, width: max(1, x(next) - left), status: result.status.rawValue))
        }
        self.bands = bands
        ticks = [0, top / 2, top].map { Tick(y: y($0), label: number($0)) }
        (startLabel, endLabel, empty) = (label(start), label(end), results.isEmpty)
    }

    /// 1, 2 or 5 times a power of ten, at least `value`.
    static func roundUp(_ value: Int) -> Int {
        var scale = 1
        while true {
            for step in [1, 2, 5] where step * scale >= value { return step * scale }
            scale *= 10
        }
    }
}
