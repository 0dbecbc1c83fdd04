/// What a check tests.
public enum CheckKind: String, CaseIterable, Sendable, Codable {
    case icmp, tcp, http, tls, dns, snmp, heartbeat

    public var labelKey: String { "check.kind.\(rawValue)" }

    /// The port used when none is given; nil where the target carries it (a URL) or there is none.
    public var defaultPort: Int? {
        switch self {
        case .tls: 443
        case .snmp: 161
        case .dns: 53
        case .icmp, .tcp, .http, .heartbeat: nil
        }
    }

    /// What the warning and critical limits measure.
    public var thresholdUnit: ThresholdUnit {
        switch self {
        case .icmp, .tcp, .http, .dns: .milliseconds
        case .tls: .days
        case .snmp: .value
        case .heartbeat: .none
        }
    }
}

public enum ThresholdUnit: String, CaseIterable, Sendable {
    case milliseconds, days, value, none
}
