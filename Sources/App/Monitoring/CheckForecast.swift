import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// A check's latest fault forecast: when its measured series will reach its limit, as the forecast job last fitted it.
final class CheckForecast: Model, @unchecked Sendable {
    static let schema = "check_forecasts"

    enum Metric: String, Sendable, CaseIterable {
        /// What the check measures against its thresholds: per cent used (SNMP), days a certificate has left.
        case value
        /// Response time in milliseconds.
        case response
    }

    @ID(custom: "id", generatedBy: .user) var id: UUID?
    @Field(key: "metric") var metricRaw: String
    @Field(key: "current") var current: Double
    @Field(key: "threshold") var threshold: Int
    @OptionalField(key: "crossing") var crossing: Date?
    @Field(key: "slope_per_day") var slopePerDay: Double
    @Field(key: "fit") var fit: Double
    @Field(key: "since") var since: Date
    @Field(key: "points") var points: Int
    @Field(key: "computed_at") var computedAt: Date

    init() {}

    var metric: Metric { Metric(rawValue: metricRaw) ?? .value }
}
