import AsyncHTTPClient
import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Sending one message: by SMTP or as a webhook call.
extension NotificationService {
    /// Sends one message; nil when it went, otherwise what went wrong.
    func send(_ message: OutboxMessage, channel: NotificationChannel?, settings: NotificationSettings) async -> DeliveryProblem? {
        guard let channel else { return DeliveryProblem(.channelGone) }
        do {
            switch channel.kind {
            case .email:
                guard settings.mailConfigured else { return DeliveryProblem(.mailNotConfigured) }
                let password = try settings.smtpPasswordSealed.map {
                    try app.services.secretBox.open($0, boundTo: NotificationSettings.passwordContext)
                }
                let server = SMTPClient.Server(
                    host: settings.smtpHost, port: settings.smtpPort, security: settings.smtpSecurity, username: settings.smtpUsername,
                    password: password ?? "", verifyCertificate: settings.smtpVerifyCertificate)
                let body = message.link.map { message.body + "\n\n" + $0 } ?? message.body
                let mail = MailMessage(
                    fromAddress: settings.fromAddress, fromName: settings.fromName, to: MailMessage.addresses(message.recipients),
                    subject: message.subject, body: body)
                let domain = settings.fromAddress.split(separator: "@").last.map(String.init) ?? "quartermaster"
                try await SMTPClient(server: server, group: app.eventLoopGroup).send(
                    mail, date: app.services.clock.now(), messageID: "\(message.id!.uuidString.lowercased())@\(domain)")
            case .webhook:
                guard let sealed = channel.webhookURLSealed else { return DeliveryProblem(.webhookNoAddress) }
                let url = try app.services.secretBox.open(sealed, boundTo: NotificationChannel.urlContext(channel.id!))
                let body = channel.webhookFormat.body(
                    topic: message.topicRaw, title: message.subject, text: message.body, link: message.link,
                    sentAt: app.services.clock.now())
                var request = HTTPClientRequest(url: url)
                request.method = .POST
                request.headers.add(name: "Content-Type", value: "application/json")
                request.headers.add(name: "User-Agent", value: "Quartermaster")
                request.body = .bytes(ByteBuffer(data: body))
                let response = try await app.http.client.shared.execute(request, timeout: .seconds(30))
                _ = try? await response.body.collect(upTo: 64 * 1024)
                guard (200..<300).contains(Int(response.status.code)) else {
                    return DeliveryProblem(.webhookStatus, detail: "\(response.status.code) (\(channel.webhookHost))")
                }
            }
            return nil
        } catch let failure as SMTPClient.Failure {
            return DeliveryProblem(failure)
        } catch {
            return DeliveryProblem(.other, detail: String(describing: error))
        }
    }
}
