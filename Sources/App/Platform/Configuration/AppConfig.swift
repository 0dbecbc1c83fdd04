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

    /// Values given on the command line; nil means "not given".
    public struct Overrides: Sendable {
        public var database: String?
        public var hostname: String?
        public var port: Int?
        public var configFile: String?
        public init(database: String? = nil, hostname: String? = nil, port: Int? = nil, configFile: String? = nil) {
            self.database = database
            self.hostname = hostname
            self.port = port
            self.configFile = configFile
        }
    }

    /// Builds the configuration from flags, environment and config file.
    public static func load(overrides: Overrides, environment: [String: String]) throws -> AppConfig {
        var file: [String: String] = [:]
        if let path = overrides.configFile ?? environment["QM_CONFIG"] {
            file = try readFile(path)
        }
        func value(_ name: String) -> String? { environment[name] ?? file[name] }

        var config = AppConfig.defaults
        if let raw = overrides.database ?? value("DATABASE_URL") {
            config.database = try parseDatabase(raw, setting: overrides.database != nil ? "--database" : "DATABASE_URL")
        }
        config.hostname = overrides.hostname ?? value("QM_HOSTNAME") ?? config.hostname
        if let port = overrides.port {
            config.port = try checked(port, 1...65535, "--port")
        } else if let raw = value("QM_PORT") {
            config.port = try integer(raw, 1...65535, "QM_PORT")
        }
        if let raw = value("QM_SECURE_COOKIES") { config.secureCookies = try boolean(raw, "QM_SECURE_COOKIES") }
        if let raw = value("QM_SESSION_IDLE_MINUTES") { config.sessionIdleMinutes = try integer(raw, 1...10080, "QM_SESSION_IDLE_MINUTES") }
        if let raw = value("QM_SESSION_ABSOLUTE_HOURS") {
            config.sessionAbsoluteHours = try integer(raw, 1...720, "QM_SESSION_ABSOLUTE_HOURS")
        }
        if let raw = value("QM_SIGNIN_FAILURES_PER_ADDRESS") {
            config.signInFailuresPerAddress = try integer(raw, 5...100_000, "QM_SIGNIN_FAILURES_PER_ADDRESS")
        }
        if let raw = value("QM_BCRYPT_COST") { config.bcryptCost = try integer(raw, 4...31, "QM_BCRYPT_COST") }
        if let raw = value("QM_MAX_BODY_BYTES") { config.maxBodyBytes = try integer(raw, 1024...1_073_741_824, "QM_MAX_BODY_BYTES") }
        if let raw = value("QM_RUN_JOBS") { config.runJobs = try boolean(raw, "QM_RUN_JOBS") }
        if let raw = value("QM_RUN_CHECKS") { config.runChecks = try boolean(raw, "QM_RUN_CHECKS") }
        if let raw = value("QM_CHECK_RESULT_DAYS") { config.checkResultDays = try integer(raw, 1...400, "QM_CHECK_RESULT_DAYS") }
        if let raw = value("QM_METRICS_TOKEN") {
            guard raw.count >= 16 else { throw Invalid(setting: "QM_METRICS_TOKEN", reason: "expected at least 16 characters") }
            config.metricsToken = raw
        }
        if let raw = value("QM_JOB_POLL_SECONDS") { config.jobPollSeconds = try integer(raw, 1...3600, "QM_JOB_POLL_SECONDS") }
        if let raw = value("QM_EMPLOYEE_RETENTION_MONTHS") {
            config.employeeRetentionMonths = try integer(raw, 1...240, "QM_EMPLOYEE_RETENTION_MONTHS")
        }
        if let raw = value("QM_SECRET_KEY") {
            guard let data = Data(base64Encoded: raw), data.count == 32 else {
                throw Invalid(setting: "QM_SECRET_KEY", reason: "expected 32 bytes in base64 (openssl rand -base64 32)")
            }
            config.secretKey = raw
        }
        if let raw = value("QM_SECRET_KEY_FILE") {
            guard !raw.isEmpty else { throw Invalid(setting: "QM_SECRET_KEY_FILE", reason: "expected a file path") }
            config.secretKeyFile = raw
        }
        if let raw = value("QM_TRUST_FORWARDED_FOR") { config.trustForwardedFor = try boolean(raw, "QM_TRUST_FORWARDED_FOR") }
        if let raw = value("QM_LOG_LEVEL") {
            guard ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(raw) else {
                throw Invalid(setting: "QM_LOG_LEVEL", reason: "expected one of trace, debug, info, notice, warning, error, critical")
            }
            config.logLevel = raw
        }
        return config
    }

    /// `sqlite:PATH` or `postgres://user:pass@host:port/db` (also `postgresql://`). Anything else is an error.
    public static func parseDatabase(_ raw: String, setting: String) throws -> DatabaseLocation {
        if raw.hasPrefix("sqlite:") {
            let path = String(raw.dropFirst("sqlite:".count))
            guard !path.isEmpty else {
                throw Invalid(setting: setting, reason: "sqlite: needs a file path, e.g. sqlite:quartermaster.sqlite")
            }
            return .sqlite(path: path)
        }
        if raw.hasPrefix("postgres://") || raw.hasPrefix("postgresql://") {
            guard let url = URL(string: raw), url.host != nil, url.path.count > 1 else {
                throw Invalid(setting: setting, reason: "expected postgres://user:password@host:port/database")
            }
            return .postgres(url: raw)
        }
        throw Invalid(setting: setting, reason: "expected sqlite:PATH or postgres://user:password@host:port/database")
    }

    private static func readFile(_ path: String) throws -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Invalid(setting: "QM_CONFIG", reason: "the file cannot be read")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Invalid(setting: "QM_CONFIG", reason: "the file is not a JSON object of setting names to values")
        }
        var values: [String: String] = [:]
        for (key, value) in object {
            switch value {
            case let text as String: values[key] = text
            case let number as NSNumber: values[key] = number.stringValue
            default: throw Invalid(setting: key, reason: "expected a string, number or boolean in the config file")
            }
        }
        return values
    }

    private static func integer(_ raw: String, _ range: ClosedRange<Int>, _ setting: String) throws -> Int {
        guard let value = Int(raw) else { throw Invalid(setting: setting, reason: "expected a whole number") }
        return try checked(value, range, setting)
    }

    private static func checked(_ value: Int, _ range: ClosedRange<Int>, _ setting: String) throws -> Int {
        guard range.contains(value) else {
            throw Invalid(setting: setting, reason: "expected a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    private static func boolean(_ raw: String, _ setting: String) throws -> Bool {
        switch raw.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw Invalid(setting: setting, reason: "expected true or false")
        }
    }
}
