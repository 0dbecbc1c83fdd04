import Domain
import Foundation
import Probes
import SQLKit
import Testing
import Vapor

@testable import App

@Suite("Operations and the API description")
struct OperationsTests {
    @Test("Health and readiness answer without signing in")
    func healthAndReadiness() async throws {
        try await TestApp.with { app in
            let browser = Browser(app)
            #expect(try await browser.get("/healthz").status == .ok)
            let ready = try await browser.get("/readyz")
            #expect(ready.status == .ok)
            #expect(ready.json["status"] as? String == "ready")
        }
    }

    @Test("On SQLite every pooled connection reads through memory mapping and a larger page cache", .enabled(if: !TestDatabase.isPostgres))
    func sqliteConnectionsAreTuned() async throws {
        try await TestApp.with { app in
            for loop in app.app.eventLoopGroup.makeIterator() {
                let sql = try #require(app.app.databases.database(logger: app.app.logger, on: loop) as? any SQLDatabase)
                #expect(try await sql.raw("PRAGMA mmap_size").first()?.decode(column: "mmap_size", as: Int.self) == 268_435_456)
                #expect(try await sql.raw("PRAGMA cache_size").first()?.decode(column: "cache_size", as: Int.self) == -32768)
            }
        }
    }

    @Test("Readiness fails while migrations are pending")
    func notReadyBeforeMigration() async throws {
        let (database, remove) = try await TestDatabase.make()
        let app = try await TestApp.start(database: database, migrate: false)
        do {
            try await app.app.autoMigrate()
            try await app.sql.raw("DELETE FROM _fluent_migrations WHERE name LIKE '%CreateJobs'").run()
            #expect(try await Browser(app).get("/readyz").status == .serviceUnavailable)
        } catch {
            Issue.record(error)
        }
        await app.stop()
        await remove()
    }

    @Test("Metrics count requests per route pattern, not per concrete path")
    func metrics() async throws {
        try await TestApp.with { app in
            let (_, token) = try await app.token(.administrator)
            let user = try await app.makeUser(.employee)
            _ = try await APIClient(app, token: token).call(.GET, "/api/v1/users/\(user.id!)")
            let text = try await Browser(app).get("/metrics").body
            #expect(text.contains(#"qm_http_requests_total{method="GET",route="/api/v1/users/:id",status="200"} 1"#))
            #expect(text.contains("qm_http_request_duration_seconds_bucket"))
            #expect(!text.contains(user.id!.uuidString))
        }
    }

    @Test("Open metrics show monitoring totals only; with a metrics token only its bearer gets an answer, with each check")
    func checkMetrics() async throws {
        for protected in [false, true] {
            let secret = "scrape-secret-0123456789"
            try await TestApp.with(config: {
                if protected { ($0.metricsToken, $0.runChecks) = (secret, true) }
            }) { app in
                let check = try await CheckService(app: app.app, actor: .system).create(
                    .init(
                        name: "Intranet \"main\"", definition: CheckDefinition(kind: .tcp, target: "127.0.0.1", port: 9),
                        service: "Intranet"))
                let anonymous = Browser(app)
                if !protected {
                    let text = try await anonymous.get("/metrics").body
                    #expect(text.contains("qm_checks{status=\"unknown\"} 1") && text.contains("qm_alerts_open 0"))
                    #expect(text.contains("qm_maintenance_tasks_overdue 0") && !text.contains("Intranet"))
                    return
                }
                let refused = try await anonymous.get("/metrics")
                #expect(refused.status == .unauthorized && refused.headers.first(name: .wwwAuthenticate) == "Bearer")
                #expect(try await anonymous.get("/metrics", headers: ["Authorization": "Bearer wrong"]).status == .unauthorized)
                let text = try await anonymous.get("/metrics", headers: ["Authorization": "Bearer \(secret)"]).body
                let series = #"qm_check_status{check_id="\#(check.id!)",check="Intranet \"main\"",kind="tcp",subject="Intranet"} 3"#
                #expect(text.contains(series), "\(text)")
                #expect(text.contains("# TYPE qm_check_status gauge"))
                // The instance runs checks: its monitor's own figures are there too.
                #expect(text.contains("qm_monitor_checks_scheduled ") && text.contains("qm_monitor_results_written_total "))
            }
        }
    }

    @Test("Every response carries the security headers and a request id")
    func securityHeaders() async throws {
        try await TestApp.with { app in
            let response = try await Browser(app).get("/signin")
            let policy = response.headers.first(name: "Content-Security-Policy") ?? ""
            #expect(policy.contains("frame-ancestors 'none'") && policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"))
            #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(response.headers.first(name: "Referrer-Policy") == "same-origin")
            #expect(response.headers.first(name: "X-Request-Id")?.isEmpty == false)
            #expect(try await Browser(app).get("/assets/app.css").status == .ok)
        }
    }

    @Test("An unknown page shows a localised error page, an unknown API path a problem document")
    func notFound() async throws {
        try await TestApp.with { app in
            let page = try await Browser(app, acceptLanguage: "sv").request(.GET, "/nowhere", headers: ["Accept": "text/html"])
            #expect(page.status == .notFound)
            #expect(page.body.contains("Hittades inte."))
            #expect(!page.body.contains("Abort"))
            let api = try await Browser(app).json(.GET, "/api/v1/nowhere")
            #expect(api.status == .notFound)
            #expect(api.json["code"] as? String == "not_found")
        }
    }

    @Test("The OpenAPI document describes every API route and is well formed")
    func openAPI() async throws {
        try await TestApp.with { app in
            let document = try await Browser(app).get("/api/v1/openapi.json").json
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = document["paths"] as? [String: [String: Any]] ?? [:]
            let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
            for route in app.app.routes.all where route.path.first?.description == "api" && route.access != .public {
                let path =
                    "/"
                    + route.path.map { component -> String in
                        if case .parameter(let name) = component { return "{\(name)}" }
                        return component.description
                    }.joined(separator: "/")
                let operation = paths[path]?[route.method.rawValue.lowercased()] as? [String: Any]
                #expect(operation != nil, "\(route.method) \(path) is missing from the OpenAPI document")
                #expect((operation?["responses"] as? [String: Any])?.isEmpty == false)
            }
            var operationIDs = Set<String>()
            for (_, operations) in paths {
                for (_, value) in operations {
                    let id = (value as? [String: Any])?["operationId"] as? String ?? ""
                    #expect(operationIDs.insert(id).inserted, "duplicate operationId \(id)")
                }
            }
            // Every $ref points at a schema that exists.
            let text = try await Browser(app).get("/api/v1/openapi.json").body
            let refs = try NSRegularExpression(pattern: #"#/components/schemas/([A-Za-z]+)"#)
            for match in refs.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let name = String(text[Range(match.range(at: 1), in: text)!])
                #expect(schemas[name] != nil, "dangling $ref \(name)")
            }
        }
    }
}
