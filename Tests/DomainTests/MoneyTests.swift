import Foundation
import PropertyBased
import Testing

@testable import Domain

@Suite("Money")
struct MoneyTests {
    // Amounts well inside Int64, so that sums of three cannot overflow.
    static let amount = Gen.int64(in: -1_000_000_000_000...1_000_000_000_000)

    func eur(_ units: Int64) -> Money { Money(minorUnits: units, currency: .eur) }

    @Test("Addition is commutative and associative, with zero as identity")
    func additionLaws() async {
        await propertyCheck(input: Self.amount, Self.amount, Self.amount) { a, b, c in
            // Nothing here may throw: the amounts are far from the limits.
            noThrow {
                let (x, y, z) = (eur(a), eur(b), eur(c))
                let (xy, yx) = (try x.adding(y), try y.adding(x))
                #expect(xy == yx)
                let (left, right) = (try xy.adding(z), try x.adding(y.adding(z)))
                #expect(left == right)
                #expect(try x.adding(.zero(.eur)) == x)
            }
        }
    }

    @Test("Subtraction undoes addition, and an amount minus itself is zero")
    func subtractionLaws() async {
        await propertyCheck(input: Self.amount, Self.amount) { a, b in
            // Nothing here may throw: the amounts are far from the limits.
            noThrow {
                let (x, y) = (eur(a), eur(b))
                #expect(try x.adding(y).subtracting(y) == x)
                #expect(try x.subtracting(x) == .zero(.eur))
                let (difference, sumOfNegation) = (try x.subtracting(y), try x.adding(y.negated))
                #expect(difference == sumOfNegation)
            }
        }
    }

    @Test("Allocation never loses or invents a cent, and parts follow the ratios to within one cent")
    func allocationLaws() async {
        await propertyCheck(input: Self.amount, Gen.int64(in: 0...1000).array(of: 1...8)) { a, ratios in
            // Nothing here may throw: the amounts are far from the limits.
            noThrow {
                guard ratios.contains(where: { $0 > 0 }) else { return }
                let total = eur(a)
                let parts = try total.allocate(ratios)
                #expect(parts.count == ratios.count)
                #expect(parts.reduce(Int64(0)) { $0 + $1.minorUnits } == a)
                let ratioSum = Double(ratios.reduce(0, +))
                for (part, ratio) in zip(parts, ratios) {
                    let exact = Double(a) * Double(ratio) / ratioSum
                    #expect(abs(Double(part.minorUnits) - exact) <= 1.0 + abs(exact) * 1e-12)
                }
            }
        }
    }

    @Test("Splitting evenly gives parts that differ by at most one cent")
    func split() async {
        await propertyCheck(input: Self.amount, Gen.int(in: 1...50)) { a, count in
            // Nothing here may throw: the amounts are far from the limits.
            noThrow {
                let parts = try eur(a).split(into: count).map(\.minorUnits)
                #expect(parts.max()! - parts.min()! <= 1)
                #expect(parts.reduce(0, +) == a)
            }
        }
    }

    @Test("Adding or subtracting different currencies is refused")
    func mixedCurrencies() {
        let euros = Money(minorUnits: 100, currency: .eur)
        let kronor = Money(minorUnits: 100, currency: .sek)
        #expect(throws: Money.ArithmeticError.mixedCurrencies(.eur, .sek)) { try euros.adding(kronor) }
        #expect(throws: Money.ArithmeticError.mixedCurrencies(.sek, .eur)) { try kronor.subtracting(euros) }
    }

    @Test("Overflow is an error, never a wrapped amount")
    func overflow() {
        #expect(throws: Money.ArithmeticError.overflow) { try eur(.max).adding(eur(1)) }
        #expect(throws: Money.ArithmeticError.overflow) { try eur(.min).subtracting(eur(1)) }
    }

    @Test("100 € split three ways is 33,34 + 33,33 + 33,33")
    func threeWays() throws {
        #expect(try eur(10_000).split(into: 3).map(\.minorUnits) == [3334, 3333, 3333])
        #expect(try eur(-10_000).split(into: 3).map(\.minorUnits) == [-3334, -3333, -3333])
    }

    @Test(
        "Amounts are written as each language writes them",
        arguments: [
            (Language.en, Currency.eur, Int64(123_450), "€1,234.50"), (.de, .eur, 123_450, "1.234,50\u{00A0}€"),
            (.et, .eur, 123_450, "1\u{00A0}234,50\u{00A0}€"), (.sv, .sek, 123_450, "1\u{00A0}234,50\u{00A0}kr"),
            (.en, .sek, 123_450, "SEK1,234.50"), (.de, .sek, -5, "-0,05\u{00A0}SEK"),
            (.sv, .eur, -123_456_789, "\u{2212}1\u{00A0}234\u{00A0}567,89\u{00A0}€"),
            (.en, .jpy, 1_234_567, "JPY1,234,567"), (.en, .eur, 0, "€0.00"),
        ])
    func formatting(_ language: Language, _ currency: Currency, _ units: Int64, _ expected: String) {
        #expect(Money(minorUnits: units, currency: currency).formatted(language) == expected)
    }

    @Test(
        "Typed amounts are read with either decimal separator",
        arguments: [
            ("1234.5", Int64(123_450)), ("1 234,50", 123_450), ("1.234,50", 123_450), ("1,234.50", 123_450), ("-12", -1200), ("0,05", 5),
            ("1,234", 123_400), ("1.234.567", 123_456_700), ("12,5", 1250), ("\u{2212}3,10", -310),
        ])
    func parsing(_ text: String, _ units: Int64) {
        #expect(Money.parse(text, currency: .eur) == Money(minorUnits: units, currency: .eur))
    }

    @Test("Text that is not an amount, or has too many decimals, is refused", arguments: ["", "abc", "1,2,3,4", "0,125", "12.3.4x", "--5"])
    func unparseable(_ text: String) {
        #expect(Money.parse(text, currency: .eur) == nil)
    }

    @Test("Formatting and parsing round-trip in every language")
    func roundTrip() async {
        await propertyCheck(input: Self.amount, Gen<Language>.case) { units, language in
            let money = eur(units)
            #expect(Money.parse(money.formatted(language).replacingOccurrences(of: "€", with: ""), currency: .eur) == money)
        }
    }

    @Test("Currencies are known by code, and unknown codes are refused")
    func currencies() {
        #expect(Currency(code: "sek") == .sek)
        #expect(Currency(code: "XYZ") == nil)
        #expect(Currency.jpy.minorUnitDigits == 0)
    }

    @Test("The plain decimal form reads back as the same amount, in every currency")
    func plainDecimalRoundTrips() async {
        await propertyCheck(input: Self.amount) { units in
            for currency in Currency.all {
                let money = Money(minorUnits: units, currency: currency)
                #expect(Money.parse(money.plainDecimal, currency: currency) == money, "\(money.plainDecimal)")
            }
        }
        #expect(eur(-5).plainDecimal == "-0.05")
        #expect(Money(minorUnits: 1200, currency: .jpy).plainDecimal == "1200")
    }
}

@Suite("Fiscal calendar")
struct FiscalCalendarTests {
    let berlin = TimeZone(identifier: "Europe/Berlin")!

    func date(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text)!
    }

    @Test("A calendar-year organisation: quarters and months follow the calendar")
    func calendarYear() {
        let fiscal = FiscalCalendar(startMonth: 1, timeZone: berlin)
        let day = date("2026-11-24T12:00:00Z")
        #expect(fiscal.fiscalYear(of: day) == 2026)
        #expect(fiscal.fiscalQuarter(of: day) == 4)
        #expect(fiscal.fiscalMonth(of: day) == 11)
        #expect(fiscal.label(fiscalYear: 2026) == "2026")
    }

    @Test(
        "A year starting in April: dates before April belong to the previous fiscal year",
        arguments: [
            ("2026-03-31T12:00:00Z", 2025, 4, 12), ("2026-04-01T12:00:00Z", 2026, 1, 1), ("2026-07-15T12:00:00Z", 2026, 2, 4),
            ("2026-12-31T12:00:00Z", 2026, 3, 9), ("2027-01-01T12:00:00Z", 2026, 4, 10),
        ])
    func aprilStart(_ text: String, _ year: Int, _ quarter: Int, _ month: Int) {
        let fiscal = FiscalCalendar(startMonth: 4, timeZone: berlin)
        #expect(fiscal.fiscalYear(of: date(text)) == year)
        #expect(fiscal.fiscalQuarter(of: date(text)) == quarter)
        #expect(fiscal.fiscalMonth(of: date(text)) == month)
    }

    @Test("Period boundaries are midnights in the organisation's zone")
    func boundaries() {
        let fiscal = FiscalCalendar(startMonth: 7, timeZone: berlin)
        let year = fiscal.range(fiscalYear: 2026)
        #expect(year.start == date("2026-06-30T22:00:00Z"))  // 1 July 00:00 in Berlin (summer time)
        #expect(year.end == date("2027-06-30T22:00:00Z"))
        let q3 = fiscal.range(fiscalYear: 2026, quarter: 3)
        #expect(q3.start == date("2026-12-31T23:00:00Z"))  // 1 January 2027 00:00 in Berlin (winter time)
        #expect(q3.end == date("2027-03-31T22:00:00Z"))
        #expect(fiscal.label(fiscalYear: 2026) == "2026/27")
        #expect(fiscal.label(fiscalYear: 2099) == "2099/00")
    }

    @Test("Every instant lies in exactly the fiscal year, quarter and month the calendar names for it")
    func consistency() async {
        let fiscal = FiscalCalendar(startMonth: 10, timeZone: TimeZone(identifier: "Europe/Tallinn")!)
        await propertyCheck(input: Gen.int(in: 1_700_000_000...1_900_000_000)) { seconds in
            let instant = Date(timeIntervalSince1970: TimeInterval(seconds))
            let year = fiscal.fiscalYear(of: instant)
            #expect(fiscal.range(fiscalYear: year).contains(instant))
            #expect(fiscal.range(fiscalYear: year, quarter: fiscal.fiscalQuarter(of: instant)).contains(instant))
            #expect(fiscal.range(fiscalYear: year, month: fiscal.fiscalMonth(of: instant)).contains(instant))
        }
    }
}

/// Runs `body` and records anything it throws as a failure (property checks take non-throwing closures).
func noThrow(_ body: () throws -> Void) {
    do {
        try body()
    } catch {
        Issue.record("unexpected error: \(error)")
    }
}
