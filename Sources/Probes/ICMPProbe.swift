import Domain
import Foundation
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// ICMP echo ("ping") without a `ping` process: an unprivileged ICMP datagram socket where the kernel allows it
/// (`net.ipv4.ping_group_range` includes the process's group), otherwise a raw socket (root, or `CAP_NET_RAW`), and a
/// clear problem naming the kernel setting when neither is permitted. IPv4 and IPv6.
public struct ICMPProbe: Sendable {
    public var host: String
    /// Echo requests sent, one after another.
    public var count: Int
    /// How long to wait for each reply.
    public var timeout: Duration
    /// The average round trip in milliseconds.
    public var latency: Thresholds
    /// The share of requests without a reply, in per cent.
    public var loss: Thresholds

    public init(
        host: String, count: Int = 3, timeout: Duration = .seconds(2), latency: Thresholds = Thresholds(),
        loss: Thresholds = Thresholds(warning: 20, critical: 60)
    ) {
        (self.host, self.count, self.timeout, self.latency, self.loss) = (host, count, timeout, latency, loss)
    }

    /// Which kind of socket the kernel gave.
    public enum SocketKind: String, Sendable {
        case datagram, raw
    }

    /// Runs on `pool`'s threads: the socket calls block.
    public func run(on pool: NIOThreadPool) async -> ProbeResult {
        guard (1...20).contains(count), !host.isEmpty else { return .failed(.invalidTarget, host) }
        let probe = self
        do {
            return try await pool.runIfActive { probe.runBlocking() }
        } catch {
            return .failed(.connectFailed, String(describing: error))
        }
    }

    func runBlocking() -> ProbeResult {
        guard let target = Self.resolve(host) else { return .failed(.unresolved, host) }
        let socket: ICMPSocket
        switch ICMPSocket.open(family: target.family) {
        case .opened(let opened): socket = opened
        case .refused(let problem): return problem
        }
        defer { close(socket.descriptor) }
        let identifier = UInt16(truncatingIfNeeded: getpid() ^ Int32(truncatingIfNeeded: Int.random(in: 0...0xFFFF)))
        var rtts: [Double] = []
        for sequence in 0..<count {
            if let rtt = socket.echo(to: target, identifier: identifier, sequence: UInt16(sequence), timeout: timeout) { rtts.append(rtt) }
        }
        let lost = (count - rtts.count) * 100 / count
        guard !rtts.isEmpty else {
            return ProbeResult(status: .critical, value: nil, problem: .packetLoss, detail: "0/\(count) (\(socket.kind.rawValue))")
        }
        let average = rtts.reduce(0, +) / Double(rtts.count)
        let milliseconds = max(1, Int(average.rounded(.up)))
        let byLatency = latency.status(for: milliseconds)
        let byLoss = loss.status(for: lost)
        let rank: [CheckStatus: Int] = [.ok: 0, .warning: 1, .unknown: 2, .critical: 3]
        let status = rank[byLoss]! >= rank[byLatency]! ? byLoss : byLatency
        let problem: ProbeResult.Problem? = status == .ok ? nil : byLoss != .ok ? .packetLoss : .slow
        let detail = "\(rtts.count)/\(count), " + String(format: "%.2f ms", average)
        return ProbeResult(status: status, milliseconds: milliseconds, value: milliseconds, problem: problem, detail: detail)
    }
}
