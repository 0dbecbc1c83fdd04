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
    enum Security: String, CaseIterable, Codable, Sendable {
        /// No encryption (a relay on the same host or network).
        case none
        /// Plain connection upgraded with STARTTLS before anything else is said (port 587).
        case starttls
        /// TLS from the first byte (port 465).
        case tls

        var labelKey: String { "mail_server.security.\(rawValue)" }
    }

    struct Server: Sendable {
        var host: String
        var port: Int
        var security: Security
        var username: String
        var password: String
        var verifyCertificate: Bool
    }

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

    private func converse(
        _ conversation: inout Conversation, channel: any Channel, tls: NIOSSLContext?, serverHostname: String?, message: MailMessage,
        data: () -> String
    ) async throws {
        try await conversation.expect([220], stage: "greeting")
        let helo = "EHLO \(Self.heloName(for: message.fromAddress))"
        var capabilities = try await conversation.command(helo, expect: [250], stage: "EHLO").extensions
        if server.security == .starttls, let tls {
            guard capabilities["STARTTLS"] != nil else { throw Failure(stage: "STARTTLS", kind: .noStartTLS) }
            try await conversation.command("STARTTLS", expect: [220], stage: "STARTTLS")
            try await channel.eventLoop.submit {
                try channel.pipeline.syncOperations.addHandler(
                    NIOSSLClientHandler(context: tls, serverHostname: serverHostname), position: .first)
            }.get()
            capabilities = try await conversation.command(helo, expect: [250], stage: "EHLO after STARTTLS").extensions
        }
        if !server.username.isEmpty {
            let mechanisms = Set(capabilities["AUTH"] ?? [])
            if mechanisms.contains("PLAIN") {
                let credentials = SMTPProtocol.plainCredentials(username: server.username, password: server.password)
                try await conversation.command("AUTH PLAIN \(credentials)", expect: [235], stage: "AUTH")
            } else if mechanisms.contains("LOGIN") {
                try await conversation.command("AUTH LOGIN", expect: [334], stage: "AUTH")
                try await conversation.command(Data(server.username.utf8).base64EncodedString(), expect: [334], stage: "AUTH")
                try await conversation.command(Data(server.password.utf8).base64EncodedString(), expect: [235], stage: "AUTH")
            } else {
                throw Failure(stage: "AUTH", kind: .noAuthentication)
            }
        }
        try await conversation.command("MAIL FROM:<\(message.fromAddress)>", expect: [250], stage: "MAIL FROM")
        for recipient in message.to {
            try await conversation.command("RCPT TO:<\(recipient)>", expect: [250, 251], stage: "RCPT TO \(recipient)")
        }
        try await conversation.command("DATA", expect: [354], stage: "DATA")
        try await conversation.command(SMTPProtocol.dotStuffed(data()) + ".", expect: [250], stage: "message")
        _ = try? await conversation.command("QUIT", expect: [221], stage: "QUIT")
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

    /// The reply side of the conversation, one command at a time.
    private struct Conversation {
        var replies: NIOAsyncChannelInboundStream<String>.AsyncIterator
        let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>

        mutating func expect(_ codes: Set<Int>, stage: String) async throws {
            let reply = try await next(stage: stage)
            guard codes.contains(reply.code) else { throw Failure(stage: stage, kind: .reply, detail: reply.text) }
        }

        @discardableResult
        mutating func command(_ line: String, expect codes: Set<Int>, stage: String) async throws -> SMTPReply {
            try await outbound.write(ByteBuffer(string: line + "\r\n"))
            let reply = try await next(stage: stage)
            guard codes.contains(reply.code) else { throw Failure(stage: stage, kind: .reply, detail: reply.text) }
            return reply
        }

        private mutating func next(stage: String) async throws -> SMTPReply {
            var reader = SMTPReplyReader()
            while let line = try await replies.next() {
                do {
                    if let reply = try reader.read(line) { return reply }
                } catch {
                    throw Failure(stage: stage, kind: .other, detail: error.description)
                }
            }
            throw Failure(stage: stage, kind: .closed)
        }
    }
}

/// Cuts the byte stream into lines without their CRLF. A line longer than RFC 5321 allows (with generous room) is an
/// error rather than memory without bound.
struct SMTPLineDecoder: ByteToMessageDecoder {
    typealias InboundOut = String
    struct LineTooLong: Error {}

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > 8192 { throw LineTooLong() }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex
        var line = buffer.readString(length: length) ?? ""
        buffer.moveReaderIndex(forwardBy: 1)
        if line.hasSuffix("\r") { line.removeLast() }
        context.fireChannelRead(wrapInboundOut(line))
        return .continue
    }
}
