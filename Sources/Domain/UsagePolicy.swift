/// The limits that make usage reports lawful: how long aggregates live, how small a group may be shown, how long a
/// re-identification stays open. Validated here, once, for the settings form, the API and the CLI.
public struct UsagePolicy: Sendable, Equatable, Codable {
    public var switches: UsageSwitches
    /// Days aggregates are kept: 90 by default, at most 13 months.
    public var retentionDays: Int
    /// Groups with fewer people than this are folded into "other", never shown alone.
    public var minimumGroupSize: Int
    /// Days the raw-line buffer for troubleshooting keeps lines; 0 (the default) keeps none.
    public var rawBufferDays: Int
    /// Days an approved re-identification stays open.
    public var reidentificationDays: Int
    /// Whether an employee is told when a finding about them is re-identified.
    public var notifyEmployee: Bool
    /// A message at least this large counts as a large attachment.
    public var largeMailBytes: Int64
    /// Working hours in the organisation's zone, [start, end); requests outside are out-of-hours use.
    public var workdayStartHour: Int
    public var workdayEndHour: Int

    public static let retentionRange = 1...396
    public static let groupSizeRange = 2...100
    public static let rawBufferRange = 0...30
    public static let reidentificationRange = 1...30

    public init(
        switches: UsageSwitches = .off, retentionDays: Int = 90, minimumGroupSize: Int = 5, rawBufferDays: Int = 0,
        reidentificationDays: Int = 7, notifyEmployee: Bool = true, largeMailBytes: Int64 = 10_000_000, workdayStartHour: Int = 7,
        workdayEndHour: Int = 19
    ) {
        self.switches = switches
        self.retentionDays = retentionDays
        self.minimumGroupSize = minimumGroupSize
        self.rawBufferDays = rawBufferDays
        self.reidentificationDays = reidentificationDays
        self.notifyEmployee = notifyEmployee
        self.largeMailBytes = largeMailBytes
        self.workdayStartHour = workdayStartHour
        self.workdayEndHour = workdayEndHour
    }

    /// Every failing field, with the field names the settings form and the API use.
    public func validate() -> [FieldError] {
        var errors: [FieldError] = []
        func check(_ value: Int, _ range: ClosedRange<Int>, _ field: String) {
            if !range.contains(value) { errors.append(FieldError(field: field, code: .outOfRange)) }
        }
        check(retentionDays, Self.retentionRange, "retentionDays")
        check(minimumGroupSize, Self.groupSizeRange, "minimumGroupSize")
        check(rawBufferDays, Self.rawBufferRange, "rawBufferDays")
        check(reidentificationDays, Self.reidentificationRange, "reidentificationDays")
        if largeMailBytes < 100_000 || largeMailBytes > 1_000_000_000 {
            errors.append(FieldError(field: "largeMailBytes", code: .outOfRange))
        }
        check(workdayStartHour, 0...23, "workdayStartHour")
        check(workdayEndHour, 1...24, "workdayEndHour")
        if (0...23).contains(workdayStartHour), (1...24).contains(workdayEndHour), workdayEndHour <= workdayStartHour {
            errors.append(FieldError(field: "workdayEndHour", code: .endBeforeStart))
        }
        return errors
    }

    public func isWorkingHour(_ hour: Int) -> Bool { hour >= workdayStartHour && hour < workdayEndHour }
}
