import Domain
import Fluent
import Foundation
import Vapor

/// The notification settings, channels and outbox in the JSON API. Secrets go in and never come out: the mail password
/// shows as `passwordSet`, a webhook as its host.
struct NotificationAPIController: Sendable {
    func service(_ req: Request) -> NotificationService { NotificationService(app: req.application, actor: req.auditActor) }

    struct SettingsDTO: Content {
        let smtpHost: String
        let smtpPort: Int
        let smtpSecurity: String
        let smtpUsername: String
        let passwordSet: Bool
        let smtpVerifyCertificate: Bool
        let fromAddress: String
        let fromName: String
        let publicURL: String
        let deadlineLeadDays: [Int]
        let version: Int

        init(_ settings: NotificationSettings) {
            (smtpHost, smtpPort, smtpSecurity) = (settings.smtpHost, settings.smtpPort, settings.smtpSecurityRaw)
            (smtpUsername, passwordSet, smtpVerifyCertificate) =
                (settings.smtpUsername, settings.smtpPasswordSealed != nil, settings.smtpVerifyCertificate)
            (fromAddress, fromName, publicURL) = (settings.fromAddress, settings.fromName, settings.publicURL)
            (deadlineLeadDays, version) = (settings.leadTimes.days, settings.version)
        }
    }

    struct SettingsBody: APIRequestBody {
        let smtpHost: String?
        let smtpPort: Int?
        let smtpSecurity: String?
        let smtpUsername: String?
        let smtpPassword: String?
        let clearPassword: Bool?
        let smtpVerifyCertificate: Bool?
        let fromAddress: String?
        let fromName: String?
        let publicURL: String?
        let deadlineLeadDays: [Int]?

        static let fieldNames: Set<String> = [
            "smtpHost", "smtpPort", "smtpSecurity", "smtpUsername", "smtpPassword", "clearPassword", "smtpVerifyCertificate",
            "fromAddress", "fromName", "publicURL", "deadlineLeadDays",
        ]
        func validate() -> [FieldError] { [] }  // NotificationService.problems, after applying.
    }

    func getSettings(_ req: Request) async throws -> Response {
        let settings = try await NotificationSettings.current(on: req.db)
        return try .json(SettingsDTO(settings), version: settings.version)
    }

    func updateSettings(_ req: Request) async throws -> Response {
        let version = try req.requiredIfMatchVersion()
        let body = try req.decodeStrict(SettingsBody.self)
        let settings = try await service(req).updateSettings(
            expectedVersion: version,
            .init(
                smtpHost: body.smtpHost, smtpPort: body.smtpPort, smtpSecurity: body.smtpSecurity, smtpUsername: body.smtpUsername,
                smtpPassword: body.smtpPassword, clearPassword: body.clearPassword ?? false,
                smtpVerifyCertificate: body.smtpVerifyCertificate, fromAddress: body.fromAddress, fromName: body.fromName,
                publicURL: body.publicURL, deadlineLeadDays: body.deadlineLeadDays.map { $0.map(String.init).joined(separator: ",") }))
        return try .json(SettingsDTO(settings), version: settings.version)
    }
}
