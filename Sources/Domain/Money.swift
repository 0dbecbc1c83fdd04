/// An ISO 4217 currency that Quartermaster knows how to count and show.
public struct Currency: Hashable, Sendable, Codable, CustomStringConvertible {
    public let code: String
    /// Digits after the decimal point: 2 for EUR and SEK, 0 for JPY.
    public let minorUnitDigits: Int

    public static let eur = Currency(code: "EUR", minorUnitDigits: 2)
    public static let sek = Currency(code: "SEK", minorUnitDigits: 2)
    public static let nok = Currency(code: "NOK", minorUnitDigits: 2)
    public static let dkk = Currency(code: "DKK", minorUnitDigits: 2)
    public static let gbp = Currency(code: "GBP", minorUnitDigits: 2)
    public static let usd = Currency(code: "USD", minorUnitDigits: 2)
    public static let chf = Currency(code: "CHF", minorUnitDigits: 2)
    public static let pln = Currency(code: "PLN", minorUnitDigits: 2)
    public static let jpy = Currency(code: "JPY", minorUnitDigits: 0)

    public static let all: [Currency] = [.eur, .sek, .nok, .dkk, .gbp, .usd, .chf, .pln, .jpy]

    /// A known currency by its code (case-insensitive), or nil.
    public init?(code: String) {
        guard let known = Self.all.first(where: { $0.code == code.uppercased() }) else { return nil }
        self = known
    }

    private init(code: String, minorUnitDigits: Int) {
        self.code = code
        self.minorUnitDigits = minorUnitDigits
    }

    public var description: String { code }

    public init(from decoder: any Decoder) throws {
        let code = try decoder.singleValueContainer().decode(String.self)
        guard let currency = Currency(code: code) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown currency \(code)"))
        }
        self = currency
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }

    var minorUnitsPerMajor: Int64 {
        var result: Int64 = 1
        for _ in 0..<minorUnitDigits { result *= 10 }
        return result
    }
}

/// An amount of money: a whole number of minor units (cents, öre) in one currency. Never floating point.
public struct Money: Hashable, Sendable, Codable, CustomStringConvertible {
    public let minorUnits: Int64
    public let currency: Currency

    public init(minorUnits: Int64, currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    public static func zero(_ currency: Currency) -> Money { Money(minorUnits: 0, currency: currency) }

    public enum ArithmeticError: Error, Equatable, Sendable {
        /// Amounts in different currencies cannot be added or compared without an exchange rate.
        case mixedCurrencies(Currency, Currency)
        case overflow
        case invalidRatios
    }

    public func adding(_ other: Money) throws(ArithmeticError) -> Money {
        guard currency == other.currency else { throw .mixedCurrencies(currency, other.currency) }
        let (sum, overflow) = minorUnits.addingReportingOverflow(other.minorUnits)
        guard !overflow else { throw .overflow }
        return Money(minorUnits: sum, currency: currency)
    }

    public func subtracting(_ other: Money) throws(ArithmeticError) -> Money {
        guard currency == other.currency else { throw .mixedCurrencies(currency, other.currency) }
        let (difference, overflow) = minorUnits.subtractingReportingOverflow(other.minorUnits)
        guard !overflow else { throw .overflow }
        return Money(minorUnits: difference, currency: currency)
    }

    public func multiplied(by factor: Int64) throws(ArithmeticError) -> Money {
        let (product, overflow) = minorUnits.multipliedReportingOverflow(by: factor)
        guard !overflow else { throw .overflow }
        return Money(minorUnits: product, currency: currency)
    }

    public var negated: Money { Money(minorUnits: -minorUnits, currency: currency) }

    /// Splits the amount in proportion to `ratios` without losing or inventing a minor unit: the parts always add up
    /// to the whole, and leftover units go one each to the parts with the largest remainders (earliest first on ties).
    public func allocate(_ ratios: [Int64]) throws(ArithmeticError) -> [Money] {
        guard !ratios.isEmpty, ratios.allSatisfy({ $0 >= 0 }) else { throw .invalidRatios }
        let total = ratios.reduce(Int64(0), +)
        guard total > 0 else { throw .invalidRatios }
        let magnitude = minorUnits.magnitude
        var parts: [UInt64] = []
        var remainders: [(index: Int, remainder: UInt64)] = []
        for (index, ratio) in ratios.enumerated() {
            // magnitude × ratio may not fit in 64 bits; divide in two steps with the full-width product.
            let product = magnitude.multipliedFullWidth(by: UInt64(ratio))
            let (quotient, remainder) = UInt64(total).dividingFullWidth(product)
            parts.append(quotient)
            remainders.append((index, remainder))
        }
        var leftover = magnitude - parts.reduce(0, +)
        for entry in remainders.sorted(by: { $0.remainder != $1.remainder ? $0.remainder > $1.remainder : $0.index < $1.index })
        where leftover > 0 {
            parts[entry.index] += 1
            leftover -= 1
        }
        let sign: Int64 = minorUnits < 0 ? -1 : 1
        return parts.map { Money(minorUnits: sign * Int64($0), currency: currency) }
    }

    /// Splits into `count` parts as equal as possible.
    public func split(into count: Int) throws(ArithmeticError) -> [Money] {
        guard count > 0 else { throw .invalidRatios }
        return try allocate(Array(repeating: 1, count: count))
    }

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

/// How one language writes amounts (CLDR's conventions for these locales).
struct MoneyStyle {
    let grouping: String
    let decimal: String
    let symbolFirst: Bool
    let symbolSpace: String
    let minus: String
    let localSymbols: [String: String]

    func symbol(_ currency: Currency) -> String {
        localSymbols[currency.code] ?? currency.code
    }

    static func of(_ language: Language) -> MoneyStyle {
        switch language {
        case .en:
            MoneyStyle(
                grouping: ",", decimal: ".", symbolFirst: true, symbolSpace: "", minus: "-",
                localSymbols: ["EUR": "€", "GBP": "£", "USD": "US$"])
        case .de:
            MoneyStyle(
                grouping: ".", decimal: ",", symbolFirst: false, symbolSpace: "\u{00A0}", minus: "-",
                localSymbols: ["EUR": "€", "GBP": "£", "USD": "$"])
        case .et:
            MoneyStyle(
                grouping: "\u{00A0}", decimal: ",", symbolFirst: false, symbolSpace: "\u{00A0}", minus: "\u{2212}",
                localSymbols: ["EUR": "€", "GBP": "£", "USD": "$"])
        case .sv:
            MoneyStyle(
                grouping: "\u{00A0}", decimal: ",", symbolFirst: false, symbolSpace: "\u{00A0}", minus: "\u{2212}",
                localSymbols: ["SEK": "kr", "EUR": "€", "GBP": "£", "USD": "US$"])
        }
    }
}
