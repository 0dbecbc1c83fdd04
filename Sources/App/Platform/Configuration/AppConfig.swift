import Foundation

/// All configuration, read once at start-up and passed in. Precedence: command-line flags, then environment
/// (`DATABASE_URL`, `QM_*`), then an optional JSON config file (`QM_CONFIG` or `--config`), then defaults.
public struct AppConfig: Sendable, Equatable {
    public enum DatabaseLocation: Sendable, Equatable {
        case sqlite(path: String)
        case postgres(url: String)
    }

    public var database: DatabaseLocation
    public var hostname: String
    public var port: Int
    /// Set the Secure flag on cookies (turn on behind TLS).
    public var secureCookies: Bool
    public var sessionIdleMinutes: Int
    public var sessionAbsoluteHours: Int
    /// bcrypt work factor; lower only in tests.
    public var bcryptCost: Int
    /// Largest request body accepted, in bytes.
    public var maxBodyBytes: Int
    /// Run the background job runner in this process.
    public var runJobs: Bool
    public var jobPollSeconds: Int
    /// Run the checks (monitoring) in this process; several instances share them through leases.
    public var runChecks: Bool = true
    /// How long raw check results are kept before only their hourly aggregates remain.
    public var checkResultDays: Int = 14
    /// When set, `/metrics` answers only a scraper presenting it as a bearer token, and then includes a series per
    /// check (names, states, response times); without it, `/metrics` is open and shows totals only.
    public var metricsToken: String?
    public var logLevel: String
    /// Take the client's address from the last X-Forwarded-For entry (set this only behind a reverse proxy that
    /// writes that header; otherwise clients could choose their own address).
    public var trustForwardedFor: Bool = false
    /// Failed sign-ins from one client address within 15 minutes before that address must wait. Everyone behind one
    /// proxy or NAT shares an address: raise it for a large office (the per-account limit of 5 still holds).
    public var signInFailuresPerAddress: Int = 20
    /// How long a former employee's personal data is kept after their end date before it may be erased.
    public var employeeRetentionMonths: Int = 36
    /// The key that seals secrets kept in the database (licence keys), as base64 of 32 bytes. When unset, the key is read
    /// from `secretKeyFile`, which is created with a new random key on first start.
    public var secretKey: String?
    /// Where the sealing key is kept; nil: `quartermaster.key` beside the SQLite file, or in the working directory.
    public var secretKeyFile: String?

    /// The key file in use when no key is given directly.
    public var effectiveSecretKeyFile: String {
        if let secretKeyFile { return secretKeyFile }
        if case .sqlite(let path) = database {
            return URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("quartermaster.key").path
        }
        return "quartermaster.key"
    }

    public static let defaults = AppConfig(
        database: .sqlite(path: "quartermaster.sqlite"), hostname: "127.0.0.1", port: 8080, secureCookies: false,
        sessionIdleMinutes: 30, sessionAbsoluteHours: 12, bcryptCost: 12, maxBodyBytes: 1_048_576, runJobs: true,
        jobPollSeconds: 2, logLevel: "info")

    /// A setting that could not be used. Names the setting, never its value (it may be a password).
    public struct Invalid: Error, CustomStringConvertible, Equatable {
        public let setting: String
        public let reason: String
        public var description: String { "configuration setting \(setting) is invalid: \(reason)" }
    }
}
