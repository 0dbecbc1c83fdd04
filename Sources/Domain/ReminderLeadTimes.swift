/// How many days before a deadline reminders go out: "60, 30, 7" sends one when a deadline comes within 60 days, another
/// within 30 and a last within 7. A deadline first seen late gets only the reminder for where it stands.
public struct ReminderLeadTimes: Sendable, Equatable, CustomStringConvertible {
    public let days: [Int]

    public static let standard = ReminderLeadTimes(validDays: [30, 7])

    private init(validDays: [Int]) { days = validDays }

    /// Whole numbers from 0 to 366 separated by commas or spaces, at least one; nil otherwise.
    public init?(_ text: String) {
        let parts = text.split(whereSeparator: { $0 == "," || $0.isWhitespace })
        let values = parts.compactMap { Int($0) }
        guard !parts.isEmpty, values.count == parts.count, values.allSatisfy({ (0...366).contains($0) }) else { return nil }
        days = Array(Set(values)).sorted(by: >)
    }

    public var description: String { days.map(String.init).joined(separator: ", ") }
    public var longest: Int { days.first ?? 0 }

    /// The reminder a deadline `daysLeft` away is due for: the shortest lead time it is within (a deadline already past
    /// is within every one), or nil while it is further away than the longest.
    public func reminder(daysLeft: Int) -> Int? {
        days.last(where: { daysLeft <= $0 })
    }
}
