import AsyncHTTPClient
import Domain
import Fluent
import FluentPostgresDriver
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import SQLKit
import Testing
import Vapor

@testable import App

/// Which database the suite runs on: SQLite by default; PostgreSQL when QM_TEST_POSTGRES_URL names a server
/// (the test script sets it). Each test gets a database of its own, so tests run in parallel safely.
enum TestDatabase {
    static var postgresURL: String? { ProcessInfo.processInfo.environment["QM_TEST_POSTGRES_URL"] }
    static var isPostgres: Bool { postgresURL != nil }

    /// A fresh database and a function that removes it: empty, or (`migrated`) with every migration applied, copied
    /// from a template migrated once per test run — migrating took most of a short test's time.
    static func make(migrated: Bool = false) async throws -> (AppConfig.DatabaseLocation, @Sendable () async -> Void) {
        let template = migrated ? try await Template.shared.value : nil
        if let base = postgresURL {
            let name = "qm_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(20).lowercased()
            let copy = template.map { " TEMPLATE \($0)" } ?? ""
            try await maintenance(base) { sql in try await sql.raw("CREATE DATABASE \(unsafeRaw: name)\(unsafeRaw: copy)").run() }
            return (
                .postgres(url: url(base, database: name)),
                {
                    try? await maintenance(base) { sql in
                        try await sql.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run()
                    }
                }
            )
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qm-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("test.sqlite").path
        if let template { try FileManager.default.copyItem(atPath: template, toPath: path) }
        return (.sqlite(path: path), { try? FileManager.default.removeItem(at: directory) })
    }

    private static func url(_ base: String, database: String) -> String {
        var components = URLComponents(string: base)!
        components.path = "/" + database
        return components.string!
    }

    /// The migrated template: a PostgreSQL database's name, or an SQLite file's path. Only migrations, nothing a test's
    /// own start adds (jobs, starter categories), so each test starts as it would on an empty database.
    enum Template {
        static let shared = Task<String, any Error> {
            let (database, _) = try await make(migrated: false)
            let app = try await TestApp.start(database: database, migrate: false)
            do {
                try await app.app.autoMigrate()
                if case .sqlite = database { try await app.sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run() }
            } catch {
                await app.stop()
                throw error
            }
            await app.stop()
            switch database {
            case .sqlite(let path): return path
            case .postgres(let url): return String(URLComponents(string: url)!.path.dropFirst())
            }
        }
    }

    private static func maintenance(_ url: String, _ body: @escaping @Sendable (any SQLDatabase) async throws -> Void) async throws {
        let app = try await Application.make(.testing)
        do {
            app.databases.use(try .postgres(url: url), as: .psql)
            try await body(app.db as! any SQLDatabase)
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}

/// A clock the tests move by hand, so nothing depends on wall-clock timing.
final class TestClock: Sendable {
    private let current = NIOLockedValueBox(Date(timeIntervalSince1970: 1_795_000_000))
    var now: Date { current.withLockedValue { $0 } }
    func advance(_ seconds: TimeInterval) { current.withLockedValue { $0 = $0.addingTimeInterval(seconds) } }
}

/// A running Quartermaster on a loopback port, with its database; built through the same `configure` as production.
final class TestApp: Sendable {
    let app: Application
    let clock: TestClock
    let port: Int
    let database: AppConfig.DatabaseLocation
    let client: HTTPClient

    private init(app: Application, clock: TestClock, port: Int, database: AppConfig.DatabaseLocation, client: HTTPClient) {
        self.app = app
        self.clock = clock
        self.port = port
        self.database = database
        self.client = client
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    var databaseURL: String {
        switch database {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let url): url
        }
    }

    /// One sealing key for every instance of a run, as instances sharing a database share their key.
    static let secretKey = SecretBox.newKeyBase64()

    static func config(_ database: AppConfig.DatabaseLocation) -> AppConfig {
        var config = AppConfig.defaults
        config.database = database
        config.bcryptCost = 4
        config.runJobs = false
        config.runChecks = false
        config.maxBodyBytes = 64 * 1024
        config.logLevel = "error"
        config.secretKey = secretKey
        return config
    }

    /// Starts an instance on an existing database (several instances may share one).
    static func start(
        database: AppConfig.DatabaseLocation, clock: TestClock = TestClock(), jobs: JobRegistry = .standard, migrate: Bool = true,
        adjust: (inout AppConfig) -> Void = { _ in }
    ) async throws -> TestApp {
        let app = try await Application.make(.testing)
        do {
            var settings = config(database)
            adjust(&settings)
            try await app.configure(settings, clock: AppClock(now: { clock.now }), jobs: jobs)
            if migrate { try await app.prepareDatabase() }
            app.http.server.configuration.hostname = "127.0.0.1"
            app.http.server.configuration.port = 0
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            let port = app.http.server.shared.localAddress!.port!
            return TestApp(
                app: app, clock: clock, port: port, database: database,
                client: HTTPClient(
                    eventLoopGroup: .singletonMultiThreadedEventLoopGroup, configuration: .init(redirectConfiguration: .disallow)))
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    func stop() async {
        try? await client.shutdown()
        await app.server.shutdown()
        try? await app.asyncShutdown()
    }

    /// Runs `body` against a fresh application and database, and always cleans up.
    static func with<T>(
        jobs: JobRegistry = .standard, config adjust: (inout AppConfig) -> Void = { _ in }, _ body: (TestApp) async throws -> T
    ) async throws -> T {
        let (database, remove) = try await TestDatabase.make(migrated: true)
        let testApp: TestApp
        do {
            testApp = try await start(database: database, jobs: jobs, adjust: adjust)
        } catch {
            await remove()
            throw error
        }
        do {
            let result = try await body(testApp)
            await testApp.stop()
            await remove()
            return result
        } catch {
            await testApp.stop()
            await remove()
            throw error
        }
    }

    // MARK: Fixtures

    static let password = "correct horse battery"

    @discardableResult
    func makeUser(_ role: Role, email: String? = nil, name: String? = nil, language: Language? = nil) async throws -> User {
        try await AccountService(app: app, actor: .system).create(
            .init(
                email: email ?? "\(role.rawValue)-\(UUID().uuidString.prefix(6))@example.com", name: name ?? "Test \(role.rawValue)",
                role: role, password: Self.password, language: language))
    }

    /// A signed-in browser for a new user of `role`.
    func signedIn(_ role: Role, language: Language? = nil) async throws -> Browser {
        let user = try await makeUser(role, language: language)
        let browser = Browser(self)
        let response = try await browser.signIn(email: user.email, password: Self.password)
        #expect(response.status == .seeOther, "sign-in as \(role) should redirect")
        return browser
    }

    func token(_ role: Role, scope: APIToken.Scope = .readWrite) async throws -> (User, String) {
        let user = try await makeUser(role)
        let (_, secret) = try await TokenService(app: app, actor: .system).create(
            userID: user.id!, label: "test", scope: scope, expiresInDays: nil)
        return (user, secret)
    }

    func count<M: Model>(_ model: M.Type) async throws -> Int {
        try await M.query(on: app.db).count()
    }

    /// Rows in a table no model stands for (aggregates).
    func count(table: String) async throws -> Int {
        try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table).first()?.decode(
            column: "n", as: Int.self) ?? 0
    }

    var sql: any SQLDatabase { app.db as! any SQLDatabase }
}

/// The field errors a call is refused with: none when it succeeds, and a marker naming any other error it throws.
func fieldErrors(_ body: () async throws -> some Any) async -> [FieldError] {
    do {
        _ = try await body()
        return []
    } catch let failure as ValidationFailure {
        return failure.errors
    } catch {
        return [FieldError(field: "unexpected \(error)", code: .invalid)]
    }
}

/// An HTTP response as a test sees it.
struct TestResponse: Sendable {
    let status: HTTPResponseStatus
    let headers: HTTPHeaders
    let body: String

    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]) ?? [:]
    }

    var jsonArray: [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [[String: Any]]) ?? []
    }

    /// The value of a hidden form field, e.g. the CSRF token.
    func formValue(_ name: String) -> String? {
        guard let range = body.range(of: "name=\"\(name)\" value=\"") else { return nil }
        let rest = body[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}

/// A client with a cookie jar, like a browser; speaks to the server over real HTTP.
final class Browser: Sendable {
    let app: TestApp
    private let jar = NIOLockedValueBox([String: String]())
    let acceptLanguage: String?

    init(_ app: TestApp, acceptLanguage: String? = nil) {
        self.app = app
        self.acceptLanguage = acceptLanguage
    }

    func cookie(_ name: String) -> String? { jar.withLockedValue { $0[name] } }
    func setCookie(_ name: String, _ value: String?) { jar.withLockedValue { $0[name] = value } }

    func request(
        _ method: HTTPMethod, _ path: String, headers: HTTPHeaders = [:], body: String? = nil, contentType: String? = nil
    ) async throws -> TestResponse {
        var request = HTTPClientRequest(url: app.baseURL + path)
        request.method = method
        request.headers = headers
        let cookies = jar.withLockedValue { $0 }
        if !cookies.isEmpty {
            request.headers.replaceOrAdd(name: "Cookie", value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        if let acceptLanguage, request.headers["Accept-Language"].isEmpty {
            request.headers.replaceOrAdd(name: "Accept-Language", value: acceptLanguage)
        }
        if let body {
            request.body = .bytes(ByteBuffer(string: body))
            if let contentType { request.headers.replaceOrAdd(name: "Content-Type", value: contentType) }
        }
        let response = try await app.client.execute(request, timeout: .seconds(30))
        var buffer = try await response.body.collect(upTo: 16 * 1024 * 1024)
        for header in response.headers["set-cookie"] {
            let pair = header.split(separator: ";").first.map(String.init) ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            let expired = header.lowercased().contains("max-age=0") || header.lowercased().contains("expires=thu, 01 jan 1970")
            jar.withLockedValue { $0[parts[0]] = expired ? nil : parts[1] }
        }
        return TestResponse(status: response.status, headers: response.headers, body: buffer.readString(length: buffer.readableBytes) ?? "")
    }

    func get(_ path: String, headers: HTTPHeaders = [:]) async throws -> TestResponse {
        try await request(.GET, path, headers: headers)
    }

    /// Submits a form the way a browser does, with the CSRF token from the page unless one is given.
    func submit(_ path: String, _ fields: [String: String], csrf: String? = nil, from page: String? = nil) async throws -> TestResponse {
        var token = csrf
        if token == nil {
            let form = try await get(page ?? path)
            token = form.formValue("_csrf")
        }
        var all = fields
        all["_csrf"] = token ?? ""
        return try await request(.POST, path, body: Self.urlEncoded(all), contentType: "application/x-www-form-urlencoded")
    }

    func signIn(email: String, password: String) async throws -> TestResponse {
        try await submit(Paths.signIn.path, ["email": email, "password": password])
    }

    func json(_ method: HTTPMethod, _ path: String, _ object: Any? = nil, headers: HTTPHeaders = [:]) async throws -> TestResponse {
        var headers = headers
        headers.replaceOrAdd(name: "Accept", value: "application/json")
        let body = try object.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
        return try await request(method, path, headers: headers, body: body, contentType: body == nil ? nil : "application/json")
    }

    static func urlEncoded(_ fields: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.sorted { $0.key < $1.key }.map {
            "\($0.key.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)"
        }.joined(separator: "&")
    }
}

/// An API client authenticated by a bearer token.
struct APIClient: Sendable {
    let browser: Browser
    let token: String

    init(_ app: TestApp, token: String, acceptLanguage: String? = nil) {
        browser = Browser(app, acceptLanguage: acceptLanguage)
        self.token = token
    }

    func call(_ method: HTTPMethod, _ path: String, _ object: Any? = nil, headers: HTTPHeaders = [:]) async throws -> TestResponse {
        var headers = headers
        headers.replaceOrAdd(name: "Authorization", value: "Bearer \(token)")
        return try await browser.json(method, path, object, headers: headers)
    }

    func raw(_ method: HTTPMethod, _ path: String, body: String, contentType: String?, headers: HTTPHeaders = [:]) async throws
        -> TestResponse
    {
        var headers = headers
        headers.replaceOrAdd(name: "Authorization", value: "Bearer \(token)")
        headers.replaceOrAdd(name: "Accept", value: "application/json")
        return try await browser.request(method, path, headers: headers, body: body, contentType: contentType)
    }
}
