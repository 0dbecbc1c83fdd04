import Crypto
import Foundation

/// Encrypts secrets kept in the database (licence keys) with AES-256-GCM under a key held outside it, so a copy of the
/// database alone reveals nothing. The record's id is bound in as associated data: a sealed value copied onto another
/// record does not open there.
public struct SecretBox: Sendable {
    /// The key's bytes; `SymmetricKey` itself is not Sendable, so one is made for each use.
    private let keyBytes: [UInt8]
    private var key: SymmetricKey { SymmetricKey(data: keyBytes) }
    /// The stored form starts with the format version, so a later key or algorithm can be told apart.
    private static let prefix = "v1:"

    public enum Failure: Error, Equatable, Sendable {
        /// The key is not 32 bytes of base64.
        case badKey
        /// The stored value is damaged, belongs to another record, or was sealed under another key.
        case cannotOpen
    }

    /// A key from its base64 text (32 bytes).
    public init(base64Key: String) throws(Failure) {
        guard let data = Data(base64Encoded: base64Key.trimmingCharacters(in: .whitespacesAndNewlines)), data.count == 32 else {
            throw .badKey
        }
        keyBytes = Array(data)
    }

    /// A new random key as base64 text, for a key file.
    public static func newKeyBase64() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
    }

    public func seal(_ plaintext: String, boundTo context: String) throws -> String {
        let box = try AES.GCM.seal(Data(plaintext.utf8), using: key, authenticating: Data(context.utf8))
        guard let combined = box.combined else { throw Failure.cannotOpen }
        return Self.prefix + combined.base64EncodedString()
    }

    public func open(_ stored: String, boundTo context: String) throws(Failure) -> String {
        guard stored.hasPrefix(Self.prefix), let data = Data(base64Encoded: String(stored.dropFirst(Self.prefix.count))) else {
            throw .cannotOpen
        }
        do {
            let box = try AES.GCM.SealedBox(combined: data)
            let plain = try AES.GCM.open(box, using: key, authenticating: Data(context.utf8))
            guard let text = String(data: plain, encoding: .utf8) else { throw Failure.cannotOpen }
            return text
        } catch {
            throw .cannotOpen
        }
    }

    /// A keyed checksum of `text` for one purpose (its own key is derived from the installation's), as hex. Someone
    /// who can write to the database but not read the key file cannot make one.
    public func authenticationCode(_ text: String, purpose: String) -> String {
        let derived = HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Data(purpose.utf8), outputByteCount: 32)
        return HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: derived).map { String(format: "%02x", $0) }.joined()
    }
}
