import Domain
import Fluent
import Foundation
import SQLKit
import UsageCounting
import Vapor

/// `/usage/settings` and `/api/v1/usage/settings`: what is collected and how long it is kept. `/usage/sources` and
/// `/api/v1/usage/sources`: the logs read so far, when, how many lines, and what went wrong.
struct UsageAdminPages: Sendable {
    // MARK: Settings

    /// The form's and the API's fields; the form sends switches as checkboxes (absent = off).
    struct SettingsContent: Encodable {
        let form: UsageSettingsDTO
        let canManage: Bool
        let errors: [String: String]
        let stale: Bool
        let maximumRetention: Int
    }

    func settings(_ req: Request) async throws -> Response {
        try await settingsPage(req, try await UsageSettings.current(on: req.db))
    }

    private func settingsPage(
        _ req: Request, _ stored: UsageSettings.Stored, errors: ValidationFailure? = nil, stale: Bool = false, status: HTTPStatus = .ok
    ) async throws -> Response {
        try await req.page(
            "usage/settings", titleKey: "usage.settings.title",
            SettingsContent(
                form: UsageSettingsDTO(stored), canManage: req.may(.manageUsage), errors: req.fieldMessages(errors), stale: stale,
                maximumRetention: UsagePolicy.retentionRange.upperBound), status: status)
    }

    func saveSettings(_ req: Request) async throws -> Response {
        struct Form: Content {
            var version: Int
        }
        let version = try req.content.decode(Form.self).version
        // Checkboxes are sent only when ticked: an unticked switch is off.
        var body = try req.content.decode(UsageSettingsBody.self)
        body.collectWeb = body.collectWeb ?? false
        body.collectWebDomains = body.collectWebDomains ?? false
        body.collectWebHours = body.collectWebHours ?? false
        body.collectMail = body.collectMail ?? false
        body.collectFindings = body.collectFindings ?? false
        body.notifyEmployee = body.notifyEmployee ?? false
        let current = try await UsageSettings.current(on: req.db)
        let policy = body.applied(to: current.policy)
        do {
            _ = try await UsageSettings.save(req, policy, version: version)
            return req.redirect(to: Paths.usageSettings.path + "?done=saved", redirectType: .normal)
        } catch let error as AppError where error.code == AppError.preconditionFailed.code {
            return try await settingsPage(req, try await UsageSettings.current(on: req.db), stale: true, status: .conflict)
        } catch let error as AppError where !error.fieldErrors.isEmpty {
            return try await settingsPage(
                req, UsageSettings.Stored(policy: policy, version: version), errors: ValidationFailure(error.fieldErrors),
                status: .unprocessableEntity)
        }
    }

    // MARK: Sources

    struct SourcesContent: Encodable {
        struct Row: Encodable {
            let format: String
            let name: String
            let lines: String
            let malformed: String
            let files: String
            let lastIngest: String
            let lastError: String?
            let samples: [String]
            let rawLines: String?
        }

        let rows: [Row]
    }

    func sourcesPage(_ req: Request) async throws -> Response {
        let localizer = req.services.localizer
        let rows = try await UsageSourceList.all(on: req.db).map { source -> SourcesContent.Row in
            let lastIngest = source.lastIngestAt.map { req.dateTime($0) } ?? "–"
            return SourcesContent.Row(
                format: req.t("usage.format.\(source.format)"), name: source.name, lines: localizer.number(Int(source.lines), req.language),
                malformed: localizer.number(Int(source.malformed), req.language), files: localizer.number(source.files, req.language),
                lastIngest: lastIngest, lastError: source.lastError,
                samples: source.samples,
                rawLines: source.rawLines > 0
                    ? req.t("usage.sources.raw_lines", ["count": localizer.number(source.rawLines, req.language)]) : nil)
        }
        return try await req.page("usage/sources", titleKey: "usage.sources.title", SourcesContent(rows: rows))
    }

}
