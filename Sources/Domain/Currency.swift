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
