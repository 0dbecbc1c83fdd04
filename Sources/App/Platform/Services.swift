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

/// A bcrypt hash of a random password, made once on first use (the server warms it at start; command-line runs, which
/// sign nobody in, never pay for it).
actor DecoyPasswordHash {
    private let cost: Int
    private var made: String?

    init(cost: Int) { self.cost = cost }

    func value() async throws -> String {
        if let made { return made }
        let cost = self.cost
        let hash = try await NIOThreadPool.singleton.runIfActive { try Bcrypt.hash(Secrets.randomToken(), cost: cost) }
        made = hash
        return hash
    }
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

/// Serialises write transactions within one process. SQLite allows one writer at a time and answers a second
/// transaction that upgrades from reading to writing with SQLITE_BUSY; queueing writers here avoids that.
/// Across processes on PostgreSQL the audit chain is guarded by an advisory lock instead (see `Application.write`).
actor WriteGate {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}

extension SecretBox {
    /// The configured key, or the key file's; a missing key file is created with a new key, readable by its owner only.
    static func load(_ config: AppConfig) throws -> SecretBox {
        if let key = config.secretKey { return try SecretBox(base64Key: key) }
        let path = config.effectiveSecretKeyFile
        let invalid = AppConfig.Invalid(setting: "QM_SECRET_KEY_FILE", reason: "the file does not hold a 32-byte key in base64")
        if let data = FileManager.default.contents(atPath: path) {
            guard let box = try? SecretBox(base64Key: String(decoding: data, as: UTF8.self)) else { throw invalid }
            return box
        }
        let key = SecretBox.newKeyBase64()
        guard
            FileManager.default.createFile(atPath: path, contents: Data((key + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else {
            throw AppConfig.Invalid(setting: "QM_SECRET_KEY_FILE", reason: "the key file cannot be created")
        }
        return try SecretBox(base64Key: key)
    }
}

/// Random secrets and their stored form. Tokens are 256 random bits; only their SHA-256 is stored, so a copy of
/// the database does not let anybody sign in.
enum Secrets {
    static func randomToken(prefix: String = "") -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return prefix
            + Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String) -> String {
        AuditChain.sha256Hex(token)
    }

    /// Compares without an early exit, so the time taken does not reveal how much matched.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
