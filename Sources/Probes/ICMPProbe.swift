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

    struct Target {
        let family: Int32
        let address: sockaddr_storage
        let length: socklen_t
    }

    static func resolve(_ host: String) -> Target? {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)
        var results: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &results) == 0, let first = results else { return nil }
        defer { freeaddrinfo(results) }
        // IPv4 first when the name has both: the network most checks watch.
        var chosen: UnsafeMutablePointer<addrinfo>? = first
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if entry.pointee.ai_family == AF_INET {
                chosen = entry
                break
            }
            cursor = entry.pointee.ai_next
        }
        guard let entry = chosen, let address = entry.pointee.ai_addr else { return nil }
        var storage = sockaddr_storage()
        withUnsafeMutableBytes(of: &storage) {
            $0.copyMemory(from: UnsafeRawBufferPointer(start: address, count: Int(entry.pointee.ai_addrlen)))
        }
        return Target(family: entry.pointee.ai_family, address: storage, length: entry.pointee.ai_addrlen)
    }
}

/// An open ICMP socket and how to exchange one echo over it.
struct ICMPSocket {
    let descriptor: Int32
    let kind: ICMPProbe.SocketKind
    let family: Int32

    enum Opened {
        case opened(ICMPSocket)
        /// Neither kind of socket is allowed: the result to report.
        case refused(ProbeResult)
    }

    static func open(family: Int32) -> Opened {
        let proto = family == AF_INET6 ? Int32(IPPROTO_ICMPV6) : Int32(IPPROTO_ICMP)
        let datagram = socket(family, Int32(SOCK_DGRAM.rawValue), proto)
        if datagram >= 0 { return .opened(ICMPSocket(descriptor: datagram, kind: .datagram, family: family)) }
        let raw = socket(family, Int32(SOCK_RAW.rawValue), proto)
        if raw >= 0 { return .opened(ICMPSocket(descriptor: raw, kind: .raw, family: family)) }
        let range =
            (try? String(contentsOfFile: "/proc/sys/net/ipv4/ping_group_range", encoding: .utf8))?
            .split(whereSeparator: \.isWhitespace).joined(separator: " ") ?? "?"
        return .refused(.failed(.icmpNotPermitted, "net.ipv4.ping_group_range = \(range), gid \(getgid())"))
    }

    /// One echo request and its reply: the round trip in milliseconds, nil when none came in time.
    func echo(to target: ICMPProbe.Target, identifier: UInt16, sequence: UInt16, timeout: Duration) -> Double? {
        let v6 = family == AF_INET6
        let payload = Array("Quartermaster check ".utf8) + withUnsafeBytes(of: UInt64(sequence).bigEndian, Array.init)
        let packet = ICMPEcho.request(identifier: identifier, sequence: sequence, payload: payload, v6: v6)
        var address = target.address
        let start = ContinuousClock.now
        let sent = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(descriptor, packet, packet.count, 0, $0, target.length) }
        }
        guard sent == packet.count else { return nil }
        let deadline = start + timeout
        var buffer = [UInt8](repeating: 0, count: 1500)
        while true {
            let remaining = deadline - ContinuousClock.now
            let milliseconds = Int32(max(0, remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000))
            guard milliseconds > 0 else { return nil }
            var descriptorSet = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptorSet, 1, milliseconds) > 0 else { return nil }
            let received = recv(descriptor, &buffer, buffer.count, 0)
            guard received > 0 else { continue }
            var bytes = Array(buffer[0..<received])
            // A raw IPv4 socket hands over the IP header too; its length is in the first byte.
            if kind == .raw, !v6, let first = bytes.first { bytes = Array(bytes.dropFirst(Int(first & 0x0F) * 4)) }
            // A datagram socket's kernel puts its own identifier in: match on the sequence and payload then.
            if ICMPEcho.isReply(bytes, identifier: kind == .raw ? identifier : nil, sequence: sequence, payload: payload, v6: v6) {
                let elapsed = ContinuousClock.now - start
                return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            }
        }
    }
}

/// ICMP echo messages (RFC 792, RFC 4443) as bytes.
enum ICMPEcho {
    static func request(identifier: UInt16, sequence: UInt16, payload: [UInt8], v6: Bool) -> [UInt8] {
        var packet: [UInt8] = [
            v6 ? 128 : 8, 0, 0, 0, UInt8(identifier >> 8), UInt8(identifier & 0xFF), UInt8(sequence >> 8), UInt8(sequence & 0xFF),
        ]
        packet += payload
        // The kernel computes ICMPv6 checksums (they cover a pseudo-header); ICMPv4's is ours to fill in.
        if !v6 {
            let sum = checksum(packet)
            (packet[2], packet[3]) = (UInt8(sum >> 8), UInt8(sum & 0xFF))
        }
        return packet
    }

    static func isReply(_ bytes: [UInt8], identifier: UInt16?, sequence: UInt16, payload: [UInt8], v6: Bool) -> Bool {
        guard bytes.count >= 8 + payload.count, bytes[0] == (v6 ? 129 : 0), bytes[1] == 0 else { return false }
        if let identifier, UInt16(bytes[4]) << 8 | UInt16(bytes[5]) != identifier { return false }
        return UInt16(bytes[6]) << 8 | UInt16(bytes[7]) == sequence && Array(bytes[8..<(8 + payload.count)]) == payload
    }

    /// The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of 16-bit words.
    static func checksum(_ bytes: [UInt8]) -> UInt16 {
        var sum: UInt32 = 0
        var index = 0
        while index + 1 < bytes.count {
            sum += UInt32(bytes[index]) << 8 | UInt32(bytes[index + 1])
            index += 2
        }
        if index < bytes.count { sum += UInt32(bytes[index]) << 8 }
        while sum >> 16 != 0 { sum = (sum & 0xFFFF) + (sum >> 16) }
        return ~UInt16(sum)
    }
}
