import Domain
import Fluent
import Foundation
import SQLKit

/// Why a delivery failed, so the outbox can say it in each reader's language. The detail is what the other side said
/// (an SMTP reply, an HTTP status and host, a network error) and is shown as given.
struct DeliveryProblem: Sendable, Equatable {
    enum Code: String, CaseIterable, Sendable {
        case channelGone = "channel_gone"
        case mailNotConfigured = "mail_not_configured"
        case webhookNoAddress = "webhook_no_address"
        case webhookStatus = "webhook_status"
        case smtpReply = "smtp_reply"
        case smtpTimeout = "smtp_timeout"
        case smtpNoStartTLS = "smtp_no_starttls"
        case smtpNoAuthentication = "smtp_no_auth"
        case smtpClosed = "smtp_closed"
        case smtpConnect = "smtp_connect"
        case other

        var labelKey: String { "outbox.error.\(rawValue)" }
    }

    let code: Code
    var detail: String = ""

    init(_ code: Code, detail: String = "") { (self.code, self.detail) = (code, detail) }

    init(_ failure: SMTPClient.Failure) {
        switch failure.kind {
        case .reply: self.init(.smtpReply, detail: "\(failure.stage): \(failure.detail)")
        case .timeout: self.init(.smtpTimeout, detail: "\(failure.stage), \(failure.detail)")
        case .noStartTLS: self.init(.smtpNoStartTLS)
        case .noAuthentication: self.init(.smtpNoAuthentication)
        case .closed: self.init(.smtpClosed, detail: failure.stage)
        case .connect: self.init(.smtpConnect, detail: failure.detail)
        case .other: self.init(.other, detail: "\(failure.stage): \(failure.detail)")
        }
    }
}
