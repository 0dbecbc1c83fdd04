import Domain
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// The SMTP conversation: greeting, STARTTLS, authentication, envelope and message, one reply at a time.
extension SMTPClient {
    func converse(
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

    /// The reply side of the conversation, one command at a time.
    struct Conversation {
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
