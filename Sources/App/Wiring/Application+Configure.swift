import Domain
import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Leaf
import LeafKit
import Prometheus
import SQLKit
import Vapor

/// Where the bundled resources (views, catalogues, assets, password list) are.
enum Resources {
    static var directory: URL {
        Bundle.module.bundleURL.appendingPathComponent("Resources")
    }
}

extension Application {
    /// Builds the application from its configuration. The server, the command line and every test call this.
    /// - Parameter jobs: the background jobs; tests add their own.
    public func configure(_ config: AppConfig, clock: @escaping @Sendable () -> Date = { Date() }) async throws {
        try await configure(config, clock: AppClock(now: clock), jobs: .standard)
    }

    func configure(_ config: AppConfig, clock: AppClock, jobs: JobRegistry) async throws {
        logger.logLevel = Logger.Level(rawValue: config.logLevel) ?? .info
        let localizer = try Localizer.load(from: Resources.directory.appendingPathComponent("Locales"))
        let commonPasswords = try String(contentsOf: Resources.directory.appendingPathComponent("common-passwords.txt"), encoding: .utf8)
            .split(whereSeparator: \.isNewline).map(String.init)
        services = AppServices(
            config: config, clock: clock, permissions: .standard, localizer: localizer,
            passwordPolicy: PasswordPolicy(commonPasswords: commonPasswords), metrics: PrometheusCollectorRegistry(),
            writeGate: WriteGate(), organisation: OrganisationCache(),
            jobs: jobs, composition: .standard,
            instanceID: "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8))",
            secretBox: try SecretBox.load(config), decoyPassword: DecoyPasswordHash(cost: config.bcryptCost))
        try configureDatabase(config.database)
        configureViews()
        registerMiddleware()
        try registerRoutes()
        pageAccess = PageAccess(routes.all)
        jobRunner = JobRunner(app: self, registry: jobs, owner: services.instanceID)
        monitor = Monitor(app: self, owner: services.instanceID)
        lifecycle.use(MonitorLifecycle())
        usageReports = UsageReportCache()
    }

    func configureDatabase(_ location: AppConfig.DatabaseLocation) throws {
        switch location {
        case .sqlite(let path):
            databases.use(.joiningUnitOfWork(.sqlite(.file(path), sqlLogLevel: .debug)), as: .sqlite)
        case .postgres(let url):
            do {
                // Two per event loop (one loop per core): more connections than cores only add backends competing for
                // the same cores; on two cores, 4 connections instead of 8 took the p95 of a deep page from ~60 to
                // ~48 ms at the same throughput (BENCHMARKS.md).
                databases.use(
                    .joiningUnitOfWork(try .postgres(url: url, maxConnectionsPerEventLoop: 2, sqlLogLevel: .debug)), as: .psql)
            } catch {
                throw AppConfig.Invalid(setting: "DATABASE_URL", reason: "not a usable PostgreSQL URL")
            }
        }
        migrations.add(services.composition.migrations)
    }

    /// Brings the database up to date and ready to serve. On SQLite it turns on write-ahead logging (a persistent,
    /// per-file setting): readers no longer wait for the writer, and a backup can run beside the server.
    /// - Parameter forReading: map the SQLite file into memory for the server's reads; a command-line run, which mostly
    ///   writes (an ingest of millions of lines), leaves it unmapped so its memory stays its own.
    public func prepareDatabase(forReading: Bool = true) async throws {
        try await autoMigrate()
        try await UsageCategories.seedStarterIfEmpty(self)
        if case .sqlite = services.config.database {
            try await db.sql.raw("PRAGMA journal_mode=WAL").run()
            if forReading { try await tuneSQLiteConnections() }
        }
    }

    /// Reads through memory-mapped I/O and a larger page cache: a search touching a thousand rows otherwise spends a
    /// fifth of its time copying pages out of the kernel. Both settings belong to a connection, and the SQLite driver
    /// keeps exactly one per event loop without a hook for new ones, so each is set here once; a connection the pool
    /// ever replaces runs with SQLite's defaults, slower but no less correct.
    private func tuneSQLiteConnections() async throws {
        try await onEverySQLiteConnection("PRAGMA mmap_size = 268435456", "PRAGMA cache_size = -32768")
    }

    /// A page cache of 128 MB for one long write transaction (the demo company): with SQLite's default 2 MB its
    /// changed pages spill to the log again and again; the larger cache took `demo load --employees 100000` from
    /// 101.8 to 85.5 s at 505 instead of 328 MB (BENCHMARKS.md). Kept to such commands, so that an ingest's memory
    /// stays its own.
    func useLargeWriteCache() async throws {
        guard case .sqlite = services.config.database else { return }
        try await onEverySQLiteConnection("PRAGMA cache_size = -131072")
    }

    private func onEverySQLiteConnection(_ statements: String...) async throws {
        for loop in eventLoopGroup.makeIterator() {
            guard let sql = databases.database(logger: logger, on: loop)?.sql else { continue }
            for statement in statements { try await sql.raw(SQLQueryString(statement)).run() }
        }
    }

    func configureViews() {
        views.use(.leaf)
        // Views and catalogues ship inside the build's resource bundle, wherever the binary is started from.
        let views = Resources.directory.appendingPathComponent("Views").path + "/"
        leaf.configuration = LeafConfiguration(rootDirectory: views)
        // The bundle lives under .build, a hidden folder, so the default "visible files only" limit must go.
        leaf.sources = .singleSource(
            NIOLeafFiles(fileio: fileio, limits: [.toSandbox, .requireExtensions], sandboxDirectory: views, viewDirectory: views))
        leaf.tags["t"] = TranslateTag()
        leaf.tags["tn"] = PluralTag()
        for (name, tag) in Components.tags { leaf.tags[name] = tag }
        leaf.cache.isEnabled = environment.isRelease || environment.name != "development"
    }

    /// Outermost first: request id and metrics see every response, errors become problem details or pages, assets
    /// need no sign-in, then who is asking, in which language, and whether a form is genuine.
    func registerMiddleware() {
        routes.defaultMaxBodySize = ByteCount(value: services.config.maxBodyBytes)
        // The stylesheet and scripts travel compressed. Pages do not: they carry the session's CSRF token beside text a
        // visitor can put in (a search), the mix BREACH reads secrets from through compressed sizes. (`.disabled` is
        // Vapor's name for "off except for the listed types", not a switch left off.)
        http.server.configuration.responseCompression = .disabled(
            initialByteBufferCapacity: 1024,
            allowedTypes: HTTPMediaTypeSet(mediaTypes: [.css, .svg, HTTPMediaType(type: "application", subType: "javascript")]),
            allowRequestOverrides: false)
        middleware = Middlewares()
        middleware.use(RequestIDMiddleware())
        middleware.use(MetricsMiddleware())
        middleware.use(SecurityHeadersMiddleware())
        middleware.use(ErrorMiddleware())
        middleware.use(InputMiddleware())
        middleware.use(FileMiddleware(publicDirectory: Resources.directory.appendingPathComponent("Public").path + "/", defaultFile: nil))
        middleware.use(AuthenticationMiddleware())
        middleware.use(LanguageMiddleware())
        middleware.use(CSRFMiddleware())
        middleware.use(FormInputMiddleware())
    }
}

/// Starts the job runner when the server boots and stops it, finishing the job in hand, when it shuts down.
struct JobRunnerLifecycle: LifecycleHandler {
    func didBootAsync(_ application: Application) async throws {
        let runner = application.jobRunner
        try await runner.registerSchedules()
        await runner.start(pollInterval: TimeInterval(application.services.config.jobPollSeconds))
    }

    func shutdownAsync(_ application: Application) async {
        await application.jobRunner.stop()
    }
}
