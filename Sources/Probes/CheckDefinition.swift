import Domain
import Foundation
import NIOCore
import NIOPosix

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

/// A check as it is configured: what it tests, how often, when a problem is hard, and the limits. Validation lives
/// here, the one place the page, the API and the command line share; `probe` turns it into the network test.
public struct CheckDefinition: Sendable, Equatable {
    public var kind: CheckKind
    /// A host name or address; for HTTP the URL; for DNS the name to resolve.
    public var target: String
    public var port: Int?
    public var intervalSeconds: Int
    public var timeoutSeconds: Int
    public var policy: CheckPolicy
    public var warning: Int?
    public var critical: Int?
    public var settings: CheckSettings

    public static let intervalRange = 10...86_400
    public static let heartbeatPeriodRange = 60...(90 * 86_400)
    public static let timeoutRange = 1...120

    public init(
        kind: CheckKind, target: String, port: Int? = nil, intervalSeconds: Int = 60, timeoutSeconds: Int = 10,
        policy: CheckPolicy = CheckPolicy(), warning: Int? = nil, critical: Int? = nil, settings: CheckSettings = CheckSettings()
    ) {
        (self.kind, self.target, self.port, self.intervalSeconds, self.timeoutSeconds) = (
            kind, target, port, intervalSeconds, timeoutSeconds
        )
        (self.policy, self.warning, self.critical, self.settings) = (policy, warning, critical, settings.normalised(for: kind))
        // The default grace (five minutes) never exceeds a shorter period: defaults always fit each other.
        if kind == .heartbeat, settings.graceSeconds == nil { self.settings.graceSeconds = min(Self.defaultGraceSeconds, intervalSeconds) }
    }

    /// A heartbeat's grace unless set: five minutes, or its period if that is shorter.
    public static let defaultGraceSeconds = 300

    /// The values a number field accepts, for messages that say what would have been right (the command line's).
    public static func allowedRange(of field: String, kind: CheckKind, intervalSeconds: Int) -> ClosedRange<Int>? {
        switch field {
        case "intervalSeconds": kind == .heartbeat ? heartbeatPeriodRange : intervalRange
        case "timeoutSeconds": timeoutRange.lowerBound...max(timeoutRange.lowerBound, min(timeoutRange.upperBound, intervalSeconds - 1))
        case "graceSeconds": 0...max(0, intervalSeconds)
        case "port": 1...65535
        case "problemsBeforeHard", "successesToRecover": 1...10
        default: nil
        }
    }

    public var thresholds: Thresholds {
        Thresholds(warning: warning, critical: critical, direction: kind == .tls ? .below : .above)
    }

    /// The port the probe connects to.
    public var effectivePort: Int? { port ?? kind.defaultPort }

    public var heartbeatRule: HeartbeatRule { Self.heartbeatRule(intervalSeconds: intervalSeconds, settings: settings) }

    /// A heartbeat's period is its interval; its grace five minutes unless set.
    public static func heartbeatRule(intervalSeconds: Int, settings: CheckSettings) -> HeartbeatRule {
        HeartbeatRule(period: TimeInterval(intervalSeconds), grace: TimeInterval(settings.graceSeconds ?? defaultGraceSeconds))
    }

    /// How often the scheduler looks: a heartbeat is judged every minute whatever its period, so a missed call is
    /// noticed within a minute of its deadline.
    public var scheduleSeconds: Int { kind == .heartbeat ? 60 : intervalSeconds }

    public func problems() -> [FieldError] {
        var errors = policy.problems()
        let target = self.target.trimmingCharacters(in: .whitespaces)
        if kind != .heartbeat {
            if target.isEmpty {
                errors.append(FieldError(field: "target", code: .required))
            } else if target.count > 2000 || target.contains(where: \.isWhitespace) {
                errors.append(FieldError(field: "target", code: .invalid))
            } else if kind == .http {
                if !Self.isWebAddress(target) { errors.append(FieldError(field: "target", code: .urlInvalid)) }
            }
        }
        let range = kind == .heartbeat ? Self.heartbeatPeriodRange : Self.intervalRange
        if !range.contains(intervalSeconds) { errors.append(FieldError(field: "intervalSeconds", code: .outOfRange)) }
        if kind != .heartbeat, !Self.timeoutRange.contains(timeoutSeconds) || timeoutSeconds >= intervalSeconds {
            errors.append(FieldError(field: "timeoutSeconds", code: .outOfRange))
        }
        switch kind {
        case .tcp:
            if port == nil { errors.append(FieldError(field: "port", code: .required)) }
        case .http, .heartbeat, .icmp:
            if port != nil, kind != .icmp { errors.append(FieldError(field: "port", code: .invalid)) }
        case .tls, .dns, .snmp: break
        }
        if let port, !(1...65535).contains(port) { errors.append(FieldError(field: "port", code: .outOfRange)) }
        if kind.thresholdUnit == .none, warning != nil || critical != nil {
            errors.append(FieldError(field: "warning", code: .invalid))
        }
        for (field, value) in [("warning", warning), ("critical", critical)] {
            if let value, value < 0 { errors.append(FieldError(field: field, code: .outOfRange)) }
        }
        errors += thresholds.problems()
        switch kind {
        case .http:
            if !["GET", "HEAD", "POST"].contains(settings.method ?? "GET") { errors.append(FieldError(field: "method", code: .invalid)) }
            if StatusSet(settings.statuses ?? "") == nil { errors.append(FieldError(field: "statuses", code: .invalid)) }
        case .dns:
            if DNSMessage.RecordType(rawValue: settings.recordType ?? "") == nil {
                errors.append(FieldError(field: "recordType", code: .invalid))
            }
            if let resolver = settings.resolver, IPAddress(resolver) == nil {
                errors.append(FieldError(field: "resolver", code: .ipInvalid))
            }
        case .snmp:
            let oids = settings.oids ?? []
            if oids.isEmpty {
                errors.append(FieldError(field: "oids", code: .required))
            } else if oids.count > 2 || oids.contains(where: { !Self.isOID($0) }) {
                errors.append(FieldError(field: "oids", code: .invalid))
            }
            if (settings.community ?? "").count > 64 { errors.append(FieldError(field: "community", code: .tooLong)) }
        case .heartbeat:
            if !(0...Int(intervalSeconds)).contains(settings.graceSeconds ?? 0) {
                errors.append(FieldError(field: "graceSeconds", code: .outOfRange))
            }
        case .icmp, .tcp, .tls: break
        }
        for (field, text) in [
            ("banner", settings.banner), ("bodyContains", settings.bodyContains), ("bodyExcludes", settings.bodyExcludes),
        ] {
            if (text ?? "").count > 500 { errors.append(FieldError(field: field, code: .tooLong)) }
        }
        return errors
    }

    static func isWebAddress(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty
        else { return false }
        return true
    }

    /// A numeric OID: `1.3.6.1.2.1.1.3.0`, with or without a leading dot.
    static func isOID(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).drop { $0.isEmpty }
        return parts.count >= 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && UInt32($0) != nil }
    }

    /// The network test for this definition; nil for a heartbeat, which is judged from its calls.
    public func probe() -> Probe? {
        let timeout = Duration.seconds(timeoutSeconds)
        let latency = thresholds
        switch kind {
        case .icmp:
            return .icmp(ICMPProbe(host: target, timeout: .seconds(min(timeoutSeconds, 5)), latency: latency))
        case .tcp:
            return .tcp(TCPProbe(host: target, port: port ?? 0, timeout: timeout, banner: settings.banner, latency: latency))
        case .http:
            return .http(
                HTTPProbe(
                    url: target, method: settings.method ?? "GET", expectedStatuses: StatusSet(settings.statuses ?? "") ?? .success,
                    bodyContains: settings.bodyContains, bodyExcludes: settings.bodyExcludes, timeout: timeout,
                    followRedirects: settings.followRedirects ?? true, verifyCertificate: settings.verifyCertificate ?? true,
                    latency: latency))
        case .tls:
            let days = warning == nil && critical == nil ? Thresholds(warning: 30, critical: 7, direction: .below) : latency
            return .tls(
                TLSProbe(host: target, port: effectivePort ?? 443, serverName: settings.serverName, timeout: timeout, daysLeft: days))
        case .dns:
            return .dns(
                DNSProbe(
                    name: target, type: DNSMessage.RecordType(rawValue: settings.recordType ?? "A") ?? .a, server: settings.resolver,
                    port: effectivePort ?? 53, expected: settings.expected, timeout: timeout, latency: latency))
        case .snmp:
            return .snmp(
                SNMPProbe(
                    host: target, port: effectivePort ?? 161, community: settings.community ?? "public", oids: settings.oids ?? [],
                    expected: settings.expected, thresholds: latency, timeout: .seconds(min(timeoutSeconds, 5))))
        case .heartbeat:
            return nil
        }
    }
}

/// One network test, ready to run.
public enum Probe: Sendable {
    case icmp(ICMPProbe)
    case tcp(TCPProbe)
    case http(HTTPProbe)
    case tls(TLSProbe)
    case dns(DNSProbe)
    case snmp(SNMPProbe)

    /// What the probes share: the event loops, a thread pool for blocking ICMP sockets, and the HTTP clients.
    public struct Runtime: Sendable {
        public let group: any EventLoopGroup
        public let pool: NIOThreadPool
        public let http: HTTPProbeClients

        public init(group: any EventLoopGroup, pool: NIOThreadPool, http: HTTPProbeClients) {
            (self.group, self.pool, self.http) = (group, pool, http)
        }
    }

    public func run(_ runtime: Runtime, now: Date) async -> ProbeResult {
        switch self {
        case .icmp(let probe): await probe.run(on: runtime.pool)
        case .tcp(let probe): await probe.run(on: runtime.group)
        case .http(let probe): await probe.run(with: runtime.http)
        case .tls(let probe): await probe.run(on: runtime.group, now: now)
        case .dns(let probe): await probe.run(on: runtime.group)
        case .snmp(let probe): await probe.run(on: runtime.group)
        }
    }
}
