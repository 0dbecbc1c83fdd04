import Foundation

/// A telephone number in E.164 form (`+3726000600`), read as people write it: with spaces, dashes, dots or brackets,
/// and `00` for the international prefix. National forms without a country code are refused: the company spans
/// countries, so a number must say which one it is in.
public struct PhoneNumber: Hashable, Sendable, CustomStringConvertible {
    public let e164: String

    public init?(_ text: String) {
        var cleaned = text.trimmingCharacters(in: .whitespaces).filter { !" -./()\u{00A0}".contains($0) }
        if cleaned.hasPrefix("00") { cleaned = "+" + cleaned.dropFirst(2) }
        guard cleaned.hasPrefix("+") else { return nil }
        let digits = cleaned.dropFirst()
        // E.164: at most 15 digits, the country code never starting with 0; 7 is the shortest in use.
        guard (7...15).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }), digits.first != "0" else { return nil }
        e164 = "+" + digits
    }

    public var description: String { e164 }
}

/// The rules for internal extensions and VLAN ids.
public enum Telephony {
    /// An extension is 2 to 6 digits.
    public static func isExtension(_ text: String) -> Bool {
        (2...6).contains(text.count) && text.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// IEEE 802.1Q: 1 to 4094 (0 and 4095 are reserved).
    public static let vlanIDs = 1...4094
}
