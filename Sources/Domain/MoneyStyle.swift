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
