import Domain

extension CheckDefinition {
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
