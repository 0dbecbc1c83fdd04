extension Money {
    /// Parses a decimal amount as people type it ("1234.5", "1 234,50", "-12"); nil when it is not one or has more
    /// decimals than the currency has minor units.
    public static func parse(_ text: String, currency: Currency) -> Money? {
        var cleaned = text.filter { !$0.isWhitespace && $0 != "\u{00A0}" && $0 != "\u{202F}" && $0 != "'" }
        let negative = cleaned.hasPrefix("-") || cleaned.hasPrefix("\u{2212}")
        if negative { cleaned.removeFirst() }
        // The last "," or "." is the decimal separator, unless exactly three digits follow it after a non-zero
        // integer part: then it groups thousands ("1,234", "1.234.567"), as people write whole amounts.
        var integerPart = cleaned
        var fractionPart = ""
        if let last = cleaned.lastIndex(where: { $0 == "," || $0 == "." }) {
            let head = String(cleaned[..<last])
            let tail = String(cleaned[cleaned.index(after: last)...])
            if tail.count != 3 || head == "0" || head.isEmpty {
                integerPart = head
                fractionPart = tail
            }
        }
        // Thousands separators, where used, must separate groups of exactly three digits.
        let groups = integerPart.split(separator: ",", omittingEmptySubsequences: false).flatMap {
            $0.split(separator: ".", omittingEmptySubsequences: false)
        }
        if groups.count > 1, !(1...3).contains(groups[0].count) || groups.dropFirst().contains(where: { $0.count != 3 }) {
            return nil
        }
        integerPart.removeAll { $0 == "," || $0 == "." }
        guard !integerPart.isEmpty || !fractionPart.isEmpty, integerPart.allSatisfy(\.isASCII), integerPart.allSatisfy(\.isNumber),
            fractionPart.allSatisfy({ $0.isASCII && $0.isNumber }), fractionPart.count <= currency.minorUnitDigits,
            let major = Int64(integerPart.isEmpty ? "0" : integerPart)
        else { return nil }
        let padded = fractionPart.padding(toLength: currency.minorUnitDigits, withPad: "0", startingAt: 0)
        let minor = Int64(padded.isEmpty ? "0" : padded) ?? 0
        let (scaled, overflow) = major.multipliedReportingOverflow(by: currency.minorUnitsPerMajor)
        guard !overflow else { return nil }
        let units = scaled + minor
        return Money(minorUnits: negative ? -units : units, currency: currency)
    }
}
