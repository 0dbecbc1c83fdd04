import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS

extension TLSProbe {
    func peerCertificate(_ configuration: TLSConfiguration, serverName: String?, group: any EventLoopGroup) async throws
        -> NIOSSLCertificate?
    {
        let context = try NIOSSLContext(configuration: configuration)
        let handshake = group.next().makePromise(of: Void.self)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: group).connectTimeout(timeAmount(timeout))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let tls = try NIOSSLClientHandler(context: context, serverHostname: serverName)
                        try channel.pipeline.syncOperations.addHandler(tls)
                        try channel.pipeline.syncOperations.addHandler(HandshakeWatcher(promise: handshake))
                    }
                }
                .connect(host: host, port: port).get()
        } catch {
            handshake.fail(error)  // a promise is always completed
            throw error
        }
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            handshake.fail(ChannelError.connectTimeout(timeAmount(timeout)))
        }
        defer {
            watchdog.cancel()
            channel.close(promise: nil)
        }
        try await handshake.futureResult.get()
        return try await channel.nioSSL_peerCertificate().get()
    }

    /// Whole days from `now` to the end of the certificate's validity, rounded down; negative once expired.
    static func days(until certificate: NIOSSLCertificate, now: Date) -> Int {
        let seconds = Double(certificate.notValidAfter) - now.timeIntervalSince1970
        return Int((seconds / 86400).rounded(.down))
    }

    static func day(_ certificate: NIOSSLCertificate) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: Date(timeIntervalSince1970: Double(certificate.notValidAfter)))
    }
}

/// Completes its promise when the TLS handshake has finished, or fails it with the handshake's error.
private final class HandshakeWatcher: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    let promise: EventLoopPromise<Void>

    init(promise: EventLoopPromise<Void>) { self.promise = promise }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event { promise.succeed() }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(ChannelError.ioOnClosedChannel)
        context.fireChannelInactive()
    }
}
