import Domain
import Foundation
import UsageCounting
import Vapor

extension UsageSettings {
    /// Saves the policy as the one in force, refused when someone saved another version in between.
    static func save(_ req: Request, _ policy: UsagePolicy, version: Int) async throws -> UsageSettings.Stored {
        let (actor, now) = (req.auditActor, req.now)
        return try await req.application.write { db in
            try await UsageSettings.save(policy, expectedVersion: version, actor: actor, now: now, on: db)
        }
    }
}
