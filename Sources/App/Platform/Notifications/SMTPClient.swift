import Domain
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Sends one message over SMTP (RFC 5321): plain, STARTTLS (RFC 3207) or implicit TLS, with AUTH PLAIN or LOGIN
/// (RFC 4954) where the server asks for it. One connection per message; the whole conversation is bounded by a timeout,
/// so a server that stops answering cannot stall the delivery job. Errors name the stage and quote the server's reply,
/// never the password.
struct SMTPClient: Sendable {
    /// What went wrong, at which step; `detail` is the server's reply or the network error, as they gave it.
    struct Failure: Error, CustomStringConvertible {
        enum Kind: Sendable {
            /// The server answered with a code the step does not accept.
            case reply
            case timeout
            case noStartTLS
            case noAuthentication
            case closed
            case connect
            /// A reply that is not SMTP, a TLS or network error.
            case other
        }

        let stage: String
        let kind: Kind
        var detail: String = ""
        var description: String { "SMTP \(stage): \(kind) \(detail)" }
    }

    let server: Server
    let group: any EventLoopGroup
    var timeout: TimeAmount = .seconds(30)

    func send(_ message: MailMessage, date: Date, messageID: String) async throws {
        let tls = try server.security == .none ? nil : tlsContext()
        let serverHostname = Self.isAddressLiteral(server.host) ? nil : server.host
        let implicitTLS = server.security == .tls
        let channel: NIOAsyncChannel<String, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: group).connectTimeout(timeout)
                .connect(host: server.host, port: server.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if implicitTLS, let tls {
                            try channel.pipeline.syncOperations.addHandler(
                                NIOSSLClientHandler(context: tls, serverHostname: serverHostname))
                        }
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPLineDecoder()))
                        return try NIOAsyncChannel<String, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw Failure(stage: "connect", kind: .connect, detail: "\(server.host):\(server.port): \(error)")
        }
        // The conversation's deadline: closing the channel ends any read that is waiting.
        let started = ContinuousClock.now
        let limit = Duration.nanoseconds(timeout.nanoseconds)
        let watchdog = Task { [channel] in
            try await Task.sleep(for: limit)
            try? await channel.channel.close()
        }
        defer { watchdog.cancel() }
        do {
            try await channel.executeThenClose { inbound, outbound in
                var conversation = Conversation(replies: inbound.makeAsyncIterator(), outbound: outbound)
                try await converse(&conversation, channel: channel.channel, tls: tls, serverHostname: serverHostname, message: message) {
                    message.rendered(date: date, messageID: messageID)
                }
            }
        } catch {
            let stage = (error as? Failure)?.stage ?? "conversation"
            if ContinuousClock.now - started >= limit {
                throw Failure(stage: stage, kind: .timeout, detail: "\(limit.components.seconds) s")
            }
            throw error as? Failure ?? Failure(stage: stage, kind: .other, detail: String(describing: error))
        }
    }

    private func tlsContext() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if !server.verifyCertificate { configuration.certificateVerification = .none }
        return try NIOSSLContext(configuration: configuration)
    }

    /// EHLO names the client; the sender's domain is the name a receiving server can check best.
    static func heloName(for sender: String) -> String {
        let domain = sender.split(separator: "@").last.map(String.init) ?? ""
        return domain.isEmpty ? "localhost" : domain
    }

    static func isAddressLiteral(_ host: String) -> Bool {
        host.contains(":") || host.allSatisfy { $0.isNumber || $0 == "." }
    }
}
