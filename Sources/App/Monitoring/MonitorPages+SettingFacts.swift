import Domain
import Fluent
import Foundation
import Probes
import Vapor

/// A check's kind-specific settings, as its page lists them.
extension MonitorPages {
    /// The settings a kind uses, as label keys and shown values.
    static func settingFacts(_ settings: CheckSettings, kind: CheckKind) -> [(String, String)] {
        var facts: [(String, String?)] = []
        switch kind {
        case .tcp: facts = [("banner", settings.banner)]
        case .http:
            facts = [
                ("method", settings.method), ("statuses", settings.statuses), ("bodyContains", settings.bodyContains),
                ("bodyExcludes", settings.bodyExcludes), ("followRedirects", settings.followRedirects.map { $0 ? "✓" : "✗" }),
                ("verifyCertificate", settings.verifyCertificate.map { $0 ? "✓" : "✗" }),
            ]
        case .tls: facts = [("serverName", settings.serverName)]
        case .dns: facts = [("recordType", settings.recordType), ("resolver", settings.resolver), ("expected", settings.expected)]
        case .snmp:
            facts = [
                ("community", settings.community.map { _ in "••••" }), ("oids", settings.oids?.joined(separator: ", ")),
                ("expected", settings.expected),
            ]
        case .icmp, .heartbeat: facts = []
        }
        return facts.compactMap { key, value in value.map { (key, $0) } }
    }
}
