import Foundation

extension Recurrence {
    /// Reads `FREQ=WEEKLY;BYDAY=MO,TH;UNTIL=20270101T000000Z` (an optional `RRULE:` prefix is allowed).
    public static func parse(_ text: String) throws(ParseError) -> Recurrence {
        var body = text.trimmingCharacters(in: .whitespaces)
        if body.uppercased().hasPrefix("RRULE:") { body = String(body.dropFirst(6)) }
        var frequency: Frequency?
        var rule = Recurrence(.daily)
        var byDay: (part: String, days: [MonthWeekday])?
        for part in body.split(separator: ";") where !part.isEmpty {
            let pair = part.split(separator: "=", maxSplits: 1).map { String($0).uppercased() }
            guard pair.count == 2 else { throw .unsupported(String(part)) }
            let (name, value) = (pair[0], pair[1])
            switch name {
            case "FREQ":
                guard let parsed = Frequency(rawValue: value) else { throw .unsupported(String(part)) }
                frequency = parsed
            case "INTERVAL":
                guard let number = Int(value), (1...1000).contains(number) else { throw .unsupported(String(part)) }
                rule.interval = number
            case "BYDAY":
                var days: [MonthWeekday] = []
                for day in value.split(separator: ",") {
                    let name = day.suffix(2)
                    let number = day.dropLast(2)
                    guard let weekday = Weekday(rawValue: String(name)) else { throw .unsupported(String(part)) }
                    var ordinal: Int?
                    if !number.isEmpty {
                        guard let value = Int(number.hasPrefix("+") ? number.dropFirst() : number), (1...5).contains(abs(value)) else {
                            throw .unsupported(String(part))
                        }
                        ordinal = value
                    }
                    let entry = MonthWeekday(ordinal, weekday)
                    if !days.contains(entry) { days.append(entry) }
                }
                byDay = (String(part), days)
            case "BYMONTHDAY":
                var days: [Int] = []
                for day in value.split(separator: ",") {
                    guard let number = Int(day), (1...31).contains(abs(number)) else { throw .unsupported(String(part)) }
                    if !days.contains(number) { days.append(number) }
                }
                rule.monthDays = days
            case "COUNT":
                guard let number = Int(value), (1...maximumCount).contains(number) else { throw .unsupported(String(part)) }
                rule.count = number
            case "UNTIL":
                guard let date = untilDate(value) else { throw .unsupported(String(part)) }
                rule.until = date
            case "WKST" where value == "MO":
                break
            default:
                throw .unsupported(String(part))
            }
        }
        guard let frequency else { throw .missingFrequency }
        rule.frequency = frequency
        if rule.count != nil, rule.until != nil { throw .countAndUntil }
        if let byDay {
            switch frequency {
            case .weekly:
                // An ordinal means nothing within a week (RFC 5545).
                guard byDay.days.allSatisfy({ $0.ordinal == nil }) else { throw .unsupported(byDay.part) }
                rule.weekdays = Array(Set(byDay.days.map(\.weekday))).sorted()
            case .monthly: rule.monthWeekdays = byDay.days
            case .daily: throw .unsupported("BYDAY")
            }
        }
        if !rule.monthDays.isEmpty, frequency != .monthly { throw .unsupported("BYMONTHDAY") }
        return rule
    }

    /// `20270101T000000Z` (UTC) or `20270101` (the end of that day, UTC).
    private static func untilDate(_ text: String) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let digits = text.filter(\.isNumber)
        guard text.allSatisfy({ $0.isNumber || $0 == "T" || $0 == "Z" }), digits.count == 8 || digits.count == 14 else { return nil }
        let number = { (range: Range<Int>) in Int(digits.dropFirst(range.lowerBound).prefix(range.count))! }
        var parts = DateComponents(year: number(0..<4), month: number(4..<6), day: number(6..<8))
        if digits.count == 14 {
            guard text.hasSuffix("Z") else { return nil }
            (parts.hour, parts.minute, parts.second) = (number(8..<10), number(10..<12), number(12..<14))
        } else {
            (parts.hour, parts.minute, parts.second) = (23, 59, 59)
        }
        guard let date = calendar.date(from: parts), calendar.dateComponents([.year, .month, .day], from: date).day == parts.day else {
            return nil
        }
        return date
    }
}
