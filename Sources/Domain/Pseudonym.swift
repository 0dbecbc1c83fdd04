import Crypto
import Foundation

/// A person's pseudonym in the usage tables: a keyed hash (HMAC-SHA-256) of their record's id. The key is kept apart
/// from the usage tables, sealed under the installation's secret key, and replaced every retention period; without it
/// a pseudonym leads to no one, and once it is deleted nothing can.
public enum Pseudonym {
    /// Crockford's base 32: no I, L, O or U, so a pseudonym read aloud or typed is not mistaken.
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    /// "P-" and 10 characters (50 bits): among a company's people, two share one with a chance below one in a million.
    public static func of(_ person: UUID, key: [UInt8]) -> String {
        var mac = HMAC<SHA256>(key: SymmetricKey(data: key))
        withUnsafeBytes(of: person.uuid) { mac.update(data: $0) }
        let digest = Array(mac.finalize())
        var bits: UInt64 = 0
        for byte in digest.prefix(8) { bits = bits << 8 | UInt64(byte) }
        var text: [UInt8] = Array("P-".utf8)
        for index in 0..<10 { text.append(alphabet[Int((bits >> UInt64(59 - index * 5)) & 31)]) }
        return String(decoding: text, as: UTF8.self)
    }

    /// A new key for a period.
    public static func newKey() -> [UInt8] {
        SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
    }
}
