import Fluent
import Foundation

/// The organisation's settings as every request needs them (default language, time zone), read from the database at
/// most once per `lifetime` per instance. A change made through this instance is seen at once; one made through
/// another instance within `lifetime`.
actor OrganisationCache {
    struct Snapshot: Sendable {
        let defaultLanguage: String
        let timeZone: TimeZone
    }

    private let lifetime: Duration
    private var cached: (snapshot: Snapshot, loadedAt: ContinuousClock.Instant)?

    init(lifetime: Duration = .seconds(10)) {
        self.lifetime = lifetime
    }

    func current(on db: any Database) async throws -> Snapshot {
        if let cached, ContinuousClock.now - cached.loadedAt < lifetime { return cached.snapshot }
        let settings = try await OrganisationSettings.current(on: db)
        let snapshot = Snapshot(
            defaultLanguage: settings.defaultLanguage, timeZone: TimeZone(identifier: settings.timeZone) ?? TimeZone(identifier: "UTC")!)
        cached = (snapshot, ContinuousClock.now)
        return snapshot
    }

    func invalidate() {
        cached = nil
    }
}
