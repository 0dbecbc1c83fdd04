import Domain
import Foundation

/// A maintenance window's repeat rule as a person says it — "every week on Sunday", "every month on the third Sunday",
/// "every 2 months on day 1 and the last day, 12 times" — in the reader's language, instead of the RRULE text.
enum RecurrenceText {
    static func describe(_ rule: Recurrence, start: Date, timeZone: TimeZone, _ language: Language, _ localizer: Localizer) -> String {
        let catalogue = localizer.catalogue(language)
        var calendar = Calendar(identifier: .gregorian)
        calendar.locale = language.locale
        calendar.timeZone = timeZone
        let names = calendar.standaloneWeekdaySymbols  // Sunday first, as Foundation numbers weekdays
        func name(_ day: Recurrence.Weekday) -> String {
            names[day == .sunday ? 0 : Recurrence.Weekday.allCases.firstIndex(of: day)! + 1]
        }
        let list = { (items: [String]) in items.joined(separator: ", ") }
        var text: String
        switch rule.frequency {
        case .daily:
            text = catalogue.plural("schedule.every.days", count: rule.interval)
        case .weekly:
            let days = rule.weekdays.isEmpty ? [names[calendar.component(.weekday, from: start) - 1]] : rule.weekdays.map(name)
            text = catalogue.plural("recurrence.weekly", count: rule.interval, ["days": list(days)])
        case .monthly:
            var parts: [String] = rule.monthWeekdays.map { entry in
                localizer.text(
                    "recurrence.nth_weekday", language,
                    [
                        "nth": localizer.text("recurrence.nth.\(entry.ordinal.map(String.init) ?? "every")", language),
                        "day": name(entry.weekday),
                    ])
            }
            let days = rule.monthDays.isEmpty && rule.monthWeekdays.isEmpty ? [calendar.component(.day, from: start)] : rule.monthDays
            parts += days.map { day in
                day < 0
                    ? localizer.text(day == -1 ? "recurrence.last_day" : "recurrence.day_from_end", language, ["count": String(-day)])
                    : localizer.text("recurrence.day", language, ["day": String(day)])
            }
            text = catalogue.plural("recurrence.monthly", count: rule.interval, ["on": list(parts)])
        }
        if let count = rule.count { text += ", " + catalogue.plural("recurrence.count", count: count) }
        if let until = rule.until {
            text += ", " + localizer.text("recurrence.until", language, ["date": localizer.dateTime(until, language, timeZone: timeZone)])
        }
        return text
    }
}
