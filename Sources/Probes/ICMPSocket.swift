import Foundation

#if canImport(Glibc)
import Glibc
#endif

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
