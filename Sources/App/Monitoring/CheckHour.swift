import Domain
import Fluent
import Foundation
import Probes
import SQLKit

/// One probe result, kept raw for the retention period (14 days by default), then folded into hourly aggregates.
enum CheckResultTable {
    static let name = "check_results"
    /// `down`: a hard problem was open after this result (what availability counts as down time).
    static let columns = ["check_id", "at", "status", "down", "ms", "value", "problem", "detail"]
}

/// An hour of a check's results: what the history keeps for two years, so a year's uptime reads 8,760 rows.
final class CheckHour: Model, @unchecked Sendable {
    static let schema = "check_hours"

    @ID(key: .id) var id: UUID?
    @Field(key: "check_id") var checkID: UUID
    @Field(key: "hour") var hour: Date
    @Field(key: "count") var count: Int
    @Field(key: "problems") var problems: Int
    @OptionalField(key: "min_ms") var minMilliseconds: Int?
    @OptionalField(key: "avg_ms") var averageMilliseconds: Int?
    @OptionalField(key: "max_ms") var maxMilliseconds: Int?
    @Field(key: "up_seconds") var upSeconds: Int
    @Field(key: "down_seconds") var downSeconds: Int
    @OptionalField(key: "min_value") var minimumValue: Int?
    @OptionalField(key: "avg_value") var averageValue: Int?
    @OptionalField(key: "max_value") var maximumValue: Int?

    init() {}
}
