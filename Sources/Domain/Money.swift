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
}
