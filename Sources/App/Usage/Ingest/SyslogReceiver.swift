import Foundation
import LogFormats
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Receives syslog messages forwarded by rsyslog or syslog-ng, over UDP (one message a datagram) and TCP (octet-counted
/// or newline-ended, RFC 6587), and hands each message's bytes to one consumer in arrival order.
final class SyslogReceiver: Sendable {
    enum Transport: String, Sendable {
        case udp, tcp
    }

    struct Endpoint: Sendable, Equatable, CustomStringConvertible {
        let transport: Transport
        let host: String
        let port: Int

        /// `udp:127.0.0.1:5514`, `tcp:[::1]:5514`, `tcp:0.0.0.0:514`.
        init?(_ text: String) {
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, let transport = Transport(rawValue: parts[0].lowercased()),
                let colon = parts[1].lastIndex(of: ":"), let port = Int(parts[1][parts[1].index(after: colon)...]),
                (0...65535).contains(port)
            else { return nil }
            var host = String(parts[1][..<colon])
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            guard !host.isEmpty else { return nil }
            (self.transport, self.host, self.port) = (transport, host, port)
        }

        init(transport: Transport, host: String, port: Int) {
            (self.transport, self.host, self.port) = (transport, host, port)
        }

        var description: String { "\(transport.rawValue):\(host.contains(":") ? "[\(host)]" : host):\(port)" }
    }

    let messages: AsyncStream<[UInt8]>
    private let continuation: AsyncStream<[UInt8]>.Continuation
    private let channels: NIOLockedValueBox<[any Channel]> = NIOLockedValueBox([])

    init() {
        (messages, continuation) = AsyncStream.makeStream(of: [UInt8].self, bufferingPolicy: .bufferingNewest(1_000_000))
    }

    /// Listens on each endpoint; returns them with the ports actually bound (for port 0).
    func start(_ endpoints: [Endpoint], group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> [Endpoint] {
        var bound: [Endpoint] = []
        for endpoint in endpoints {
            let continuation = self.continuation
            let channel: any Channel
            switch endpoint.transport {
            case .udp:
                channel = try await DatagramBootstrap(group: group)
                    .channelOption(.socketOption(.so_reuseaddr), value: 1)
                    .channelOption(ChannelOptions.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 65_536))
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(DatagramHandler(continuation))
                        }
                    }
                    .bind(host: endpoint.host, port: endpoint.port).get()
            case .tcp:
                channel = try await ServerBootstrap(group: group)
                    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                    .childChannelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(StreamHandler(continuation))
                        }
                    }
                    .bind(host: endpoint.host, port: endpoint.port).get()
            }
            channels.withLockedValue { $0.append(channel) }
            bound.append(Endpoint(transport: endpoint.transport, host: endpoint.host, port: channel.localAddress?.port ?? endpoint.port))
        }
        return bound
    }

    /// Wakes the consumer with an empty message, so it can checkpoint while nothing arrives.
    func tick() { continuation.yield([]) }

    func stop() async {
        for channel in channels.withLockedValue({ $0 }) { try? await channel.close() }
        continuation.finish()
    }

    private final class DatagramHandler: ChannelInboundHandler, Sendable {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        let continuation: AsyncStream<[UInt8]>.Continuation
        init(_ continuation: AsyncStream<[UInt8]>.Continuation) { self.continuation = continuation }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var bytes = Array(unwrapInboundIn(data).data.readableBytesView)
            while let last = bytes.last, last == 0x0A || last == 0x0D || last == 0 { bytes.removeLast() }
            if !bytes.isEmpty { continuation.yield(bytes) }
        }
    }

    private final class StreamHandler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let continuation: AsyncStream<[UInt8]>.Continuation
        private var pending: [UInt8] = []
        private var frames: [Range<Int>] = []
        init(_ continuation: AsyncStream<[UInt8]>.Continuation) { self.continuation = continuation }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            pending.append(contentsOf: unwrapInboundIn(data).readableBytesView)
            frames.removeAll(keepingCapacity: true)
            let used = pending.withUnsafeBytes { SyslogFraming.frames($0, into: &frames) }
            guard let used else {
                // Not syslog framing: drop the connection rather than guess.
                context.close(promise: nil)
                return
            }
            for frame in frames { continuation.yield(Array(pending[frame])) }
            pending.removeFirst(used)
        }
    }
}
