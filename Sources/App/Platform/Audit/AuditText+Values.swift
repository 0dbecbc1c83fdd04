import Domain
import Foundation

/// Stored values as the reader writes them: names for ids, words for codes, units, dates, money.
extension AuditText {
    /// A stored value as the reader writes it.
    func value(
        of type: String?, field name: String, _ raw: String, in changes: [String: AuditChange] = [:], names: [UUID: String] = [:]
    ) -> String {
        // Secrets never enter the trail: only that one was set or changed (a token's hash prefix marks a new one).
        if AuditVocabulary.secretFields.contains(name) {
            return localizer.text(raw == "(changed)" ? "audit.secret_changed" : "audit.secret_set", language)
        }
        if let formatter = formatters["\(type ?? "").\(name)"], let text = formatter(raw, changes, self) { return text }
        if AuditVocabulary.references(field: name, of: type, in: changes) != nil, let id = UUID(uuidString: raw) {
            return names[id] ?? localizer.text("audit.removed_record", language)
        }
        if AuditVocabulary.moneyFields.contains(name), let money = Self.money(raw) { return money.formatted(language) }
        if let prefix = AuditVocabulary.valuePrefix(of: type, field: name), has("\(prefix).\(raw)") {
            return localizer.text("\(prefix).\(raw)", language)
        }
        if raw == "true" || raw == "false" { return localizer.text(raw == "true" ? "form.yes" : "form.no", language) }
        guard let number = Int(raw) else {
            if let day = CalendarDate(raw) { return localizer.date(day, language) }
            return raw
        }
        if AuditVocabulary.countFields.contains(name) { return localizer.number(number, language) }
        return measure(name, number) ?? raw
    }

    /// An amount as the trail stores it (`Money.description`, English: "€7,900.00", "SEK14,500.00").
    static func money(_ raw: String) -> Money? {
        let plain = raw.filter { $0.isNumber || $0 == "." || $0 == "-" }
        return Currency.all.lazy.compactMap { Money.parse(plain, currency: $0) }.first { $0.description == raw }
    }

    /// A number whose unit the field's name carries.
    private func measure(_ name: String, _ number: Int) -> String? {
        let plural = { (key: String) in self.catalogue.plural(key, count: number) }
        switch name {
        case _ where name.hasSuffix("_seconds"): return localizer.duration(seconds: number, language)
        case _ where name.hasSuffix("_minutes"): return localizer.duration(seconds: number * 60, language)
        case _ where name.hasSuffix("_days"): return plural("audit.unit.days")
        case _ where name.hasSuffix("_months"): return plural("audit.unit.months")
        case _ where name.hasSuffix("_bytes"): return localizer.bytes(Int64(number), language)
        case _ where name.hasSuffix("_hour"): return String(format: "%02d:00", number)
        case "length_cm":
            let metres = (Decimal(number) / 100).formatted(Decimal.FormatStyle(locale: language.locale).precision(.fractionLength(0...2)))
            return "\(metres)\u{00A0}m"
        case "speed_mbps": return localizer.number(number, language) + "\u{00A0}Mbit/s"
        case "height_u": return localizer.number(number, language) + "\u{00A0}U"
        case "fiscal_year_start_month" where (1...12).contains(number):
            var calendar = Calendar(identifier: .gregorian)
            calendar.locale = language.locale
            return calendar.standaloneMonthSymbols[number - 1]
        default: return nil
        }
    }
}
