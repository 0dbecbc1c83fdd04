import Domain
import Fluent
import Foundation
import Prometheus
import Vapor

extension SecretBox {
    /// The configured key, or the key file's; a missing key file is created with a new key, readable by its owner only.
    static func load(_ config: AppConfig) throws -> SecretBox {
        if let key = config.secretKey { return try SecretBox(base64Key: key) }
        let path = config.effectiveSecretKeyFile
        let invalid = AppConfig.Invalid(setting: "QM_SECRET_KEY_FILE", reason: "the file does not hold a 32-byte key in base64")
        if let data = FileManager.default.contents(atPath: path) {
            guard let box = try? SecretBox(base64Key: String(decoding: data, as: UTF8.self)) else { throw invalid }
            return box
        }
        let key = SecretBox.newKeyBase64()
        guard
            FileManager.default.createFile(atPath: path, contents: Data((key + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else {
            throw AppConfig.Invalid(setting: "QM_SECRET_KEY_FILE", reason: "the key file cannot be created")
        }
        return try SecretBox(base64Key: key)
    }
}

/// Random secrets and their stored form. Tokens are 256 random bits; only their SHA-256 is stored, so a copy of
/// the database does not let anybody sign in.
enum Secrets {
    static func randomToken(prefix: String = "") -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return prefix
            + Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String) -> String {
        AuditChain.sha256Hex(token)
    }

    /// Compares without an early exit, so the time taken does not reveal how much matched.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
