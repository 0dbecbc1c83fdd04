extension Money {
    public var description: String { formatted(.en) }

    /// The amount as digits and a decimal point, without symbol or grouping ("1234.50", "-0.05", "1200" for yen): what
    /// a form field or a CSV file holds, and what `parse` reads back in any language.
    public var plainDecimal: String {
        let digits = currency.minorUnitDigits
        let perMajor = UInt64(currency.minorUnitsPerMajor)
        let magnitude = minorUnits.magnitude
        let sign = minorUnits < 0 ? "-" : ""
        guard digits > 0 else { return sign + String(magnitude) }
        let fraction = String(magnitude % perMajor)
        return "\(sign)\(magnitude / perMajor).\(String(repeating: "0", count: digits - fraction.count))\(fraction)"
    }

    /// The amount as a reader of `language` writes it: "€1,234.50", "1.234,50 €", "1 234,50 €", "1 234,50 kr".
    public func formatted(_ language: Language) -> String {
        let style = MoneyStyle.of(language)
        let digits = currency.minorUnitDigits
        let perMajor = UInt64(currency.minorUnitsPerMajor)
        let magnitude = minorUnits.magnitude
        var integer = String(magnitude / perMajor)
        var grouped = ""
        while integer.count > 3 {
            grouped = style.grouping + String(integer.suffix(3)) + grouped
            integer.removeLast(3)
        }
        grouped = integer + grouped
        var number = grouped
        if digits > 0 {
            let fraction = String(magnitude % perMajor)
            number += style.decimal + String(repeating: "0", count: digits - fraction.count) + fraction
        }
        let symbol = style.symbol(currency)
        let body = style.symbolFirst ? symbol + style.symbolSpace + number : number + style.symbolSpace + symbol
        return minorUnits < 0 ? style.minus + body : body
    }
}
