import Foundation

/// Reading the settings: command-line flags, then the environment, then the config file.
extension AppConfig {
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
}
