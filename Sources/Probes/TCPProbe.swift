import Domain
import Foundation
import NIOCore
import NIOPosix

/// Connects over TCP and, when asked, waits for a banner that contains some text ("SSH-2.0", "220 ", "+OK").
public struct TCPProbe: Sendable {
    public var host: String
    public var port: Int
    public var timeout: Duration
    /// Text the first bytes the server sends must contain; nil: connecting is enough.
    public var banner: String?
    /// Milliseconds to connect (and to see the banner).
    public var latency: Thresholds

    /// At most this much of a banner is read.
    static let bannerLimit = 4096

    public init(host: String, port: Int, timeout: Duration = .seconds(10), banner: String? = nil, latency: Thresholds = Thresholds()) {
        (self.host, self.port, self.timeout, self.banner, self.latency) = (host, port, timeout, banner, latency)
    }

    public func run(on group: any EventLoopGroup) async -> ProbeResult {
        guard (1...65535).contains(port), !host.isEmpty else { return .failed(.invalidTarget, "\(host):\(port)") }
        let start = ContinuousClock.now
        let deadline = start + timeout
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            let bootstrap = ClientBootstrap(group: group).connectTimeout(
                .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000))
            let wrap: @Sendable (any Channel) -> EventLoopFuture<NIOAsyncChannel<ByteBuffer, ByteBuffer>> = { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel(wrappingChannelSynchronously: channel) }
            }
            // An address needs no resolver: asking getaddrinfo (on a thread of its own) for one costs more than the connect.
            if let address = try? SocketAddress(ipAddress: host, port: port) {
                channel = try await bootstrap.connect(to: address, channelInitializer: wrap)
            } else {
                channel = try await bootstrap.connect(host: host, port: port, channelInitializer: wrap)
            }
        } catch {
            return .classify(error, milliseconds: milliseconds(since: start))
        }
        guard let banner else {
            let elapsed = milliseconds(since: start)
            try? await channel.channel.close()
            return .timed(elapsed, latency)
        }
        // Reading ends at the deadline: closing the channel ends a read that is still waiting.
        let watchdog = Task { [channel] in
            try await Task.sleep(until: deadline, clock: .continuous)
            try? await channel.channel.close()
        }
        defer { watchdog.cancel() }
        var received = ByteBuffer()
        var found = false
        do {
            try await channel.executeThenClose { inbound, _ in
                for try await var chunk in inbound {
                    received.writeBuffer(&chunk)
                    if String(buffer: received).contains(banner) {
                        found = true
                        break
                    }
                    if received.readableBytes >= Self.bannerLimit { break }
                }
            }
        } catch {
            // The watchdog closed it, or the server reset it: what arrived decides below.
        }
        let elapsed = milliseconds(since: start)
        let text = String(buffer: received)
        let firstLine = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        if found { return .timed(elapsed, latency, detail: firstLine) }
        if text.isEmpty, ContinuousClock.now >= deadline { return .failed(.timeout, milliseconds: elapsed) }
        return .failed(.bannerMismatch, String(firstLine.prefix(200)), milliseconds: elapsed)
    }
}
