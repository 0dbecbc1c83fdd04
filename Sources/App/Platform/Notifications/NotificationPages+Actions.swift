import Domain
import Fluent
import Foundation
import Vapor

/// The page's actions: saving the settings, a channel's test message, and retrying a failed message.
extension NotificationPages {
    func updateSettings(_ req: Request) async throws -> Response {
        let form = try req.content.decode(FormBody.self).form
        let changes = NotificationService.SettingsChanges(
            smtpHost: form["smtpHost"], smtpPort: Int(form["smtpPort"].trimmingCharacters(in: .whitespaces)) ?? -1,
            smtpSecurity: form["smtpSecurity"], smtpUsername: form["smtpUsername"], smtpPassword: form["smtpPassword"],
            clearPassword: !form["clearPassword"].isEmpty, smtpVerifyCertificate: !form["smtpVerifyCertificate"].isEmpty,
            fromAddress: form["fromAddress"], fromName: form["fromName"], publicURL: form["publicURL"],
            deadlineLeadDays: form["deadlineLeadDays"])
        return try await req.submit {
            _ = try await service(req).updateSettings(expectedVersion: form.version ?? -1, changes)
            return req.redirect(to: Paths.adminNotifications.path + "?done=saved", redirectType: .normal)
        } invalid: { failure in
            return try await render(req, form: form, errors: failure, status: .unprocessableEntity)
        } stale: {
            return try await render(req, stale: true, status: .preconditionFailed)
        }
    }

    func test(_ req: Request) async throws -> Response {
        return try await req.submit {
            try await service(req).sendTest(try req.requireID())
            return req.redirect(to: Paths.adminNotifications.path + "?done=queued", redirectType: .normal)
        } invalid: { failure in
            return try await render(req, errors: failure, status: .unprocessableEntity)
        }
    }

    func retry(_ req: Request) async throws -> Response {
        do {
            try await service(req).retry(try req.requireID())
        } catch is ValidationFailure {}  // Already back in the queue or sent: the page shows its state.
        return req.redirect(to: Paths.adminNotifications.path + "?done=queued", redirectType: .normal)
    }
}
