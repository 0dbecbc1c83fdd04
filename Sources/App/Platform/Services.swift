import Domain
import Fluent
import Foundation
import Prometheus
import Vapor

/// What every part of the application shares, built once in `configure` and kept in the application's storage.
/// All members are Sendable values or actors: there is no global mutable state.
struct AppServices: Sendable {
    let config: AppConfig
    let clock: AppClock
    let permissions: PermissionTable
    let localizer: Localizer
    let passwordPolicy: PasswordPolicy
    let metrics: PrometheusCollectorRegistry
    let writeGate: WriteGate
    let organisation: OrganisationCache
    let jobs: JobRegistry
    /// What the capabilities hand the floor (`Wiring/`).
    let composition: Composition
    let instanceID: String
    /// Seals and opens secrets kept in the database (licence keys).
    let secretBox: SecretBox
    /// Verified against when an account does not exist, so a wrong address takes as long as a wrong password.
    let decoyPassword: DecoyPasswordHash
    /// Import files checked and not yet imported.
    let checkedUploads = CheckedUploads()
}

/// The source of "now". Tests replace it to move time without sleeping.
struct AppClock: Sendable {
    let now: @Sendable () -> Date
    static let system = AppClock { Date() }
}

extension Application {
    private struct ServicesKey: StorageKey { typealias Value = AppServices }

    var services: AppServices {
        get {
            guard let services = storage[ServicesKey.self] else { fatalError("configure(_:) has not run") }
            return services
        }
        set { storage[ServicesKey.self] = newValue }
    }
}

extension Request {
    var services: AppServices { application.services }
    var now: Date { application.services.clock.now() }

    /// Whether the signed-in person may perform `action`: what a page offers (edit buttons, forms) follows the same table
    /// as the routes.
    func may(_ action: Domain.Action) -> Bool {
        principal.map { services.permissions.allows($0.role, action) } ?? false
    }
}

extension Application {
    /// Today's date where the organisation is: deadlines, retention and forecasts count in its days.
    func organisationToday() async throws -> CalendarDate {
        CalendarDate(services.clock.now(), in: try await services.organisation.current(on: db).timeZone)
    }
}
