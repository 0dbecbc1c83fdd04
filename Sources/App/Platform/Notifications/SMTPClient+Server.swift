import Domain
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// The mail server a message goes through, and how the connection is secured.
extension SMTPClient {
    enum Security: String, CaseIterable, Codable, Sendable {
        /// No encryption (a relay on the same host or network).
        case none
        /// Plain connection upgraded with STARTTLS before anything else is said (port 587).
        case starttls
        /// TLS from the first byte (port 465).
        case tls

        var labelKey: String { "mail_server.security.\(rawValue)" }
    }

    struct Server: Sendable {
        var host: String
        var port: Int
        var security: Security
        var username: String
        var password: String
        var verifyCertificate: Bool
    }
}
