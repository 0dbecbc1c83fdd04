/// Warning and critical limits for a measured value: latency in milliseconds or per cent used (a problem at or
/// above the limit), or days to a certificate's expiry (a problem at or below it).
public struct Thresholds: Sendable, Equatable, Codable {
    public enum Direction: String, CaseIterable, Sendable, Codable {
        /// Higher is worse: latency, usage.
        case above
        /// Lower is worse: days left.
        case below
    }

    public var warning: Int?
    public var critical: Int?
    public var direction: Direction

    public init(warning: Int? = nil, critical: Int? = nil, direction: Direction = .above) {
        (self.warning, self.critical, self.direction) = (warning, critical, direction)
    }

    public func status(for value: Int) -> CheckStatus {
        func reached(_ limit: Int?) -> Bool {
            guard let limit else { return false }
            return direction == .above ? value >= limit : value <= limit
        }
        if reached(critical) { return .critical }
        if reached(warning) { return .warning }
        return .ok
    }

    /// The critical limit must lie beyond the warning limit, in the direction that is worse.
    public func problems(field: String = "critical") -> [FieldError] {
        guard let warning, let critical else { return [] }
        let ordered = direction == .above ? critical > warning : critical < warning
        return ordered ? [] : [FieldError(field: field, code: .outOfRange)]
    }
}
