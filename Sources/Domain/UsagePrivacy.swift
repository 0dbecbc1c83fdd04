import Crypto
import Foundation

/// What the organisation collects about the use of its internet and mail, switched per report type. A type that is off
/// is not collected at all: its lines are read past and nothing of them is stored.
public struct UsageSwitches: Sendable, Equatable, Codable {
    /// Internet use from proxy logs: volume per day.
    public var web: Bool
    /// Which sites (registrable domains) were visited, and their categories. Needs `web`.
    public var webDomains: Bool
    /// The hour of the day of each request, for the time-of-day heat map and out-of-hours rules. Needs `web`.
    public var webHours: Bool
    /// Mail volumes from the mail server's log.
    public var mail: Bool
    /// Acceptable-use rules that raise findings about (pseudonymous) people.
    public var findings: Bool

    public init(web: Bool = false, webDomains: Bool = false, webHours: Bool = false, mail: Bool = false, findings: Bool = false) {
        self.web = web
        self.webDomains = webDomains
        self.webHours = webHours
        self.mail = mail
        self.findings = findings
    }

    /// Nothing is collected until the organisation (and, in Germany, its works council) agrees to each type.
    public static let off = UsageSwitches()

    /// The switches that take effect: domains and hours are parts of internet use and go with it.
    public var effective: UsageSwitches {
        UsageSwitches(web: web, webDomains: web && webDomains, webHours: web && webHours, mail: mail, findings: findings && (web || mail))
    }
}

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

/// A person's pseudonym in the usage tables: a keyed hash (HMAC-SHA-256) of their record's id. The key is kept apart
/// from the usage tables, sealed under the installation's secret key, and replaced every retention period; without it
/// a pseudonym leads to no one, and once it is deleted nothing can.
public enum Pseudonym {
    /// Crockford's base 32: no I, L, O or U, so a pseudonym read aloud or typed is not mistaken.
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    /// "P-" and 10 characters (50 bits): among a company's people, two share one with a chance below one in a million.
    public static func of(_ person: UUID, key: [UInt8]) -> String {
        var mac = HMAC<SHA256>(key: SymmetricKey(data: key))
        withUnsafeBytes(of: person.uuid) { mac.update(data: $0) }
        let digest = Array(mac.finalize())
        var bits: UInt64 = 0
        for byte in digest.prefix(8) { bits = bits << 8 | UInt64(byte) }
        var text: [UInt8] = Array("P-".utf8)
        for index in 0..<10 { text.append(alphabet[Int((bits >> UInt64(59 - index * 5)) & 31)]) }
        return String(decoding: text, as: UTF8.self)
    }

    /// A new key for a period.
    public static func newKey() -> [UInt8] {
        SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
    }
}

/// Groups for a report, with how many distinct people each has. A group of fewer than the minimum would single people
/// out, so it is folded into "other"; and if "other" itself stays too small, the next smallest groups join it until it
/// is large enough — otherwise a total minus the shown groups would reveal the small one.
public enum GroupFolding {
    public struct Group<Value: Sendable>: Sendable {
        public var key: String
        public var people: Int
        public var value: Value
        public init(key: String, people: Int, value: Value) {
            self.key = key
            self.people = people
            self.value = value
        }
    }

    public struct Result<Value: Sendable>: Sendable {
        /// The groups large enough to show, largest first.
        public var shown: [Group<Value>]
        /// The folded groups' keys; empty when nothing was folded.
        public var folded: [String]
        /// The people in the folded groups together, when there are any.
        public var otherPeople: Int
    }

    /// Folds `groups`. `people` of "other" counts members of the folded groups; a person in two folded groups counts
    /// twice, which only makes "other" look larger than it is when groups overlap — reports pass disjoint groups.
    public static func fold<Value>(_ groups: [Group<Value>], minimum: Int) -> Result<Value> {
        var shown = groups.sorted { ($0.people, $1.key) > ($1.people, $0.key) }
        var folded: [Group<Value>] = []
        while let last = shown.last, last.people < minimum {
            folded.append(shown.removeLast())
        }
        var otherPeople = folded.reduce(0) { $0 + $1.people }
        while !folded.isEmpty, otherPeople < minimum, let next = shown.popLast() {
            folded.append(next)
            otherPeople += next.people
        }
        return Result(shown: shown, folded: folded.map(\.key), otherPeople: otherPeople)
    }
}

/// Turns instants into the organisation's local day and hour, fast enough for every log line: the zone's offset is
/// looked up once and reused until the zone's next daylight-saving transition.
public struct LocalDayClock: Sendable {
    public let timeZone: TimeZone
    private var validFrom: Int64 = .max
    private var validUntil: Int64 = .min
    private var offsetMilliseconds: Int64 = 0

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// Days since 1970-01-01 in local time, and the local hour (0–23), of `milliseconds` since 1970 (UTC).
    public mutating func dayAndHour(_ milliseconds: Int64) -> (day: Int, hour: Int) {
        if milliseconds < validFrom || milliseconds >= validUntil { refresh(milliseconds) }
        let local = milliseconds + offsetMilliseconds
        let day = local >= 0 ? local / 86_400_000 : (local - 86_399_999) / 86_400_000
        return (Int(day), Int((local - day * 86_400_000) / 3_600_000))
    }

    /// The window around `milliseconds` in which the zone has no transition: from the latest transition of the day
    /// before (or that day's start) to the next one (or a year on).
    private mutating func refresh(_ milliseconds: Int64) {
        let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        offsetMilliseconds = Int64(timeZone.secondsFromGMT(for: date)) * 1000
        let dayBefore = date.addingTimeInterval(-86400)
        validFrom = milliseconds - 86_400_000
        if let transition = timeZone.nextDaylightSavingTimeTransition(after: dayBefore), transition <= date {
            validFrom = Int64((transition.timeIntervalSince1970 * 1000).rounded(.up))
        }
        let next = timeZone.nextDaylightSavingTimeTransition(after: date)
        validUntil = next.map { Int64(($0.timeIntervalSince1970 * 1000).rounded(.down)) } ?? milliseconds + 366 * 86_400_000
    }

    /// "YYYY-MM-DD" of a day number.
    public static func text(ofDay day: Int) -> String {
        CalendarDate(daysSince1970: day).description
    }
}

extension CalendarDate {
    /// The date `days` after 1970-01-01 (Howard Hinnant's civil-from-days).
    public init(daysSince1970 days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        self.init(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)!
    }

    /// Days since 1970-01-01.
    public var daysSince1970: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
