import Foundation

/// The settings only some kinds use, kept together as one JSON column.
public struct CheckSettings: Sendable, Equatable, Codable {
    /// TCP: text the banner must contain.
    public var banner: String?
    /// HTTP: GET, HEAD or POST; the statuses accepted; text the body must or must not contain.
    public var method: String?
    public var statuses: String?
    public var bodyContains: String?
    public var bodyExcludes: String?
    public var followRedirects: Bool?
    public var verifyCertificate: Bool?
    /// TLS: the name the certificate must carry, when it is not the host.
    public var serverName: String?
    /// DNS: the record type and the resolver (an address; empty: the system's).
    public var recordType: String?
    public var resolver: String?
    /// DNS and SNMP: the value the answer must include or equal.
    public var expected: String?
    /// SNMP: the community and one OID, or two (used and size) for a percentage.
    public var community: String?
    public var oids: [String]?
    /// Heartbeat: how late a call may be before the check is critical.
    public var graceSeconds: Int?

    public init(
        banner: String? = nil, method: String? = nil, statuses: String? = nil, bodyContains: String? = nil, bodyExcludes: String? = nil,
        followRedirects: Bool? = nil, verifyCertificate: Bool? = nil, serverName: String? = nil, recordType: String? = nil,
        resolver: String? = nil, expected: String? = nil, community: String? = nil, oids: [String]? = nil, graceSeconds: Int? = nil
    ) {
        (self.banner, self.method, self.statuses, self.bodyContains, self.bodyExcludes) = (
            banner, method, statuses, bodyContains, bodyExcludes
        )
        (self.followRedirects, self.verifyCertificate, self.serverName, self.recordType) = (
            followRedirects, verifyCertificate, serverName, recordType
        )
        (self.resolver, self.expected, self.community, self.oids, self.graceSeconds) = (resolver, expected, community, oids, graceSeconds)
    }

    /// Only the settings `kind` uses, with empty texts dropped, so what is stored is what applies.
    public func normalised(for kind: CheckKind) -> CheckSettings {
        let clean = { (text: String?) -> String? in
            guard let trimmed = text?.trimmingCharacters(in: .whitespaces), !trimmed.isEmpty else { return nil }
            return trimmed
        }
        var result = CheckSettings()
        switch kind {
        case .tcp: result.banner = clean(banner)
        case .http:
            result.method = clean(method)?.uppercased() ?? "GET"
            result.statuses = clean(statuses).flatMap { StatusSet($0)?.description ?? $0 } ?? StatusSet.success.description
            (result.bodyContains, result.bodyExcludes) = (clean(bodyContains), clean(bodyExcludes))
            (result.followRedirects, result.verifyCertificate) = (followRedirects ?? true, verifyCertificate ?? true)
        case .tls: result.serverName = clean(serverName)
        case .dns:
            result.recordType = clean(recordType)?.uppercased() ?? DNSMessage.RecordType.a.rawValue
            (result.resolver, result.expected) = (clean(resolver), clean(expected))
        case .snmp:
            result.community = clean(community) ?? "public"
            result.oids = (oids ?? []).compactMap(clean)
            result.expected = clean(expected)
        case .heartbeat: result.graceSeconds = graceSeconds
        case .icmp: break
        }
        return result
    }
}
