import Domain
import Foundation
import UsageCounting
import Vapor

/// The usage settings and the log sources, for scripts and the API.
struct UsageSettingsAPIController: Sendable {
    func settings(_ req: Request) async throws -> Response {
        let stored = try await UsageSettings.current(on: req.db)
        return try .json(UsageSettingsDTO(stored), version: stored.version)
    }

    func updateSettings(_ req: Request) async throws -> Response {
        let version = try req.requiredIfMatchVersion()
        let body = try req.decodeStrict(UsageSettingsBody.self)
        let current = try await UsageSettings.current(on: req.db)
        let saved = try await UsageSettings.save(req, body.applied(to: current.policy), version: version)
        return try .json(UsageSettingsDTO(saved), version: saved.version)
    }

    func sources(_ req: Request) async throws -> [UsageSourceDTO] {
        try await UsageSourceList.all(on: req.db)
    }
}
