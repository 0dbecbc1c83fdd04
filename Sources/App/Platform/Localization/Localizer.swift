import Domain
import Foundation

/// The four catalogues, loaded once at start-up, plus locale-aware formatting.
struct Localizer: Sendable {
    let catalogues: [Language: Catalogue]

    static func load(from directory: URL) throws -> Localizer {
        var catalogues: [Language: Catalogue] = [:]
        for language in Language.allCases {
            let url = directory.appendingPathComponent("\(language.rawValue).json")
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw Catalogue.LoadError.malformed(language, "missing file \(url.lastPathComponent)")
            }
            catalogues[language] = try Catalogue(language: language, json: data)
        }
        return Localizer(catalogues: catalogues)
    }

    func catalogue(_ language: Language) -> Catalogue {
        catalogues[language]!
    }

    func text(_ key: String, _ language: Language, _ arguments: [String: String] = [:]) -> String {
        catalogue(language).text(key, arguments)
    }

    /// A date and time in the organisation's zone, in the reader's language, its date written as `date` writes one
    /// (days and months in two digits), so a page never shows one date two ways.
    func dateTime(_ date: Date, _ language: Language, timeZone: TimeZone) -> String {
        var style = Date.FormatStyle(date: .omitted, time: .shortened).day(.twoDigits).month(.twoDigits).year(.defaultDigits)
        style.locale = language.locale
        style.timeZone = timeZone
        return date.formatted(style)
    }

    /// A calendar date (a due date, a start date) as the reader's locale writes it: 10/12/2026, 10.12.2026, 2026-12-10, days and months in two digits.
    func date(_ day: CalendarDate, _ language: Language) -> String {
        let utc = TimeZone(identifier: "UTC")!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utc
        guard let instant = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 12)) else {
            return day.description
        }
        var style = Date.FormatStyle(date: .omitted, time: .omitted).day(.twoDigits).month(.twoDigits).year(.defaultDigits)
        style.locale = language.locale
        style.timeZone = utc
        return instant.formatted(style)
    }

    /// A share given in basis points (1234 = 12.34 %), to one decimal (two for an SLA), as the reader's locale writes
    /// percentages.
    func percent(basisPoints: Int, _ language: Language, decimals: Int = 1) -> String {
        (Double(basisPoints) / 10_000).formatted(
            FloatingPointFormatStyle<Double>.Percent(locale: language.locale)
                .precision(.fractionLength(decimals)))
    }

    /// A value kept in hundredths (745 = 7.45), with two decimals as the reader's locale writes them.
    func hundredths(_ value: Int, _ language: Language) -> String {
        (Decimal(value) / 100).formatted(
            Decimal.FormatStyle(locale: language.locale).precision(.fractionLength(2)))
    }

    /// A data volume in SI units (1 kB = 1,000 bytes), with up to two decimals as the reader's locale writes them.
    func bytes(_ value: Int64, _ language: Language) -> String {
        let units = ["B", "kB", "MB", "GB", "TB", "PB"]
        var unit = 0
        var scaled = Decimal(value)
        while scaled >= 1000, unit < units.count - 1 {
            scaled /= 1000
            unit += 1
        }
        let digits = unit == 0 || scaled >= 100 ? 0 : scaled >= 10 ? 1 : 2
        return scaled.formatted(Decimal.FormatStyle(locale: language.locale).precision(.fractionLength(digits))) + "\u{00A0}" + units[unit]
    }

    /// A duration as people read it: "4 min", "2 h 5 min", "3 d 4 h".
    func duration(seconds: Int, _ language: Language) -> String {
        let total = max(0, seconds)
        let (days, hours, minutes) = (total / 86400, total % 86400 / 3600, total % 3600 / 60)
        let n = { self.number($0, language) }
        if days > 0 { return text("duration.days_hours", language, ["days": n(days), "hours": n(hours)]) }
        if hours > 0 { return text("duration.hours_minutes", language, ["hours": n(hours), "minutes": n(minutes)]) }
        if minutes > 0 { return text("duration.minutes", language, ["minutes": n(minutes)]) }
        return text("duration.seconds", language, ["seconds": n(total)])
    }

    func number(_ value: Int, _ language: Language) -> String {
        value.formatted(IntegerFormatStyle<Int>(locale: language.locale))
    }
}
