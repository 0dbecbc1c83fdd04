import Foundation
import NIOCore
import NIOPosix

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
