import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Who did something, as the audit trail records it.
struct AuditActor: Sendable {
    var id: String?
    var label: String
    var clientAddress: String?

    static let system = AuditActor(id: nil, label: "system", clientAddress: nil)
    static let commandLinePrefix = "cli:"
    static func commandLine(_ user: String = operatingSystemUser) -> AuditActor {
        AuditActor(id: nil, label: commandLinePrefix + user, clientAddress: nil)
    }

    /// Who runs the command: the login name from the environment, else the account the process runs as (a service or
    /// a container sets no `USER`).
    static var operatingSystemUser: String {
        let environment = ProcessInfo.processInfo.environment
        if let user = (environment["USER"] ?? environment["LOGNAME"])?.nilIfEmpty { return user }
        guard let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name else { return "unknown" }
        return String(cString: name)
    }
}

extension Request {
    /// The client's address: the peer's, or behind a trusted reverse proxy the one it appended to X-Forwarded-For.
    var clientAddress: String? {
        if services.config.trustForwardedFor,
            let forwarded = headers.first(name: "X-Forwarded-For")?.split(separator: ",").last?.trimmingCharacters(in: .whitespaces),
            !forwarded.isEmpty
        {
            return forwarded
        }
        return remoteAddress?.ipAddress
    }

    /// The signed-in user (or token) as an audit actor, with the client's address.
    var auditActor: AuditActor {
        let address = clientAddress
        guard let principal else { return AuditActor(id: nil, label: "anonymous", clientAddress: address) }
        var label = principal.email
        if case .token(_, let tokenLabel, _) = principal.credential { label += " (token \(tokenLabel))" }
        return AuditActor(id: principal.userID.uuidString, label: label, clientAddress: address)
    }
}
