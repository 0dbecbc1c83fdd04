import Domain
import Fluent
import Foundation
import Testing
import Vapor

@testable import App

@Suite("Route table and permissions")
struct RouteTableTests {
    /// Public routes, listed here on purpose: anything else must require signing in.
    static let publicRoutes: Set<String> = [
        "GET /", "GET /signin", "POST /signin", "POST /language", "GET /healthz", "GET /readyz", "GET /metrics", "GET /api/v1/openapi.json",
        "GET /heartbeat/:token", "POST /heartbeat/:token", "GET /calendar/:token", "GET /status",
    ]

    static func key(_ route: Route) -> String {
        "\(route.method.rawValue) /" + route.path.map(\.description).joined(separator: "/")
    }

    @Test("Every route declares its access, and only the listed ones are public")
    func everyRouteDeclaresAccess() async throws {
        try await TestApp.with { app in
            for route in app.app.routes.all {
                let key = Self.key(route)
                guard let access = route.access else {
                    Issue.record("\(key) declares no access")
                    continue
                }
                #expect((access == .public) == Self.publicRoutes.contains(key), "\(key) is \(access)")
            }
        }
    }

    @Test("Typed paths and registered routes match in both directions")
    func pathsMatchRoutes() async throws {
        try await TestApp.with { app in
            let registered = Set(app.app.routes.all.map { "/" + $0.path.map(\.description).joined(separator: "/") })
            let declared = Set(Paths.allCases.map { $0 == .root ? "/" : $0.rawValue })
            #expect(registered == declared)
            #expect(
                Paths.adminUser.path(UUID(uuidString: "00000000-0000-0000-0000-000000000001")!)
                    == "/admin/users/00000000-0000-0000-0000-000000000001")
        }
    }

    @Test("Without signing in, pages redirect to sign-in and the API answers 401")
    func anonymousIsTurnedAway() async throws {
        try await TestApp.with { app in
            let browser = Browser(app)
            _ = try await browser.get("/signin")  // a CSRF cookie, so POSTs reach the permission check
            for route in app.app.routes.all where route.access != .public {
                let path = concrete(route)
                let response = try await send(browser, route.method, path, csrf: browser.cookie("qm_csrf"))
                if path.hasPrefix("/api/") {
                    #expect(response.status == .unauthorized, "\(Self.key(route))")
                    #expect(response.headers.first(name: .contentType)?.hasPrefix("application/problem+json") == true)
                } else {
                    #expect(response.status == .seeOther, "\(Self.key(route))")
                }
            }
        }
    }

    /// One case per role, so the roles are tried side by side: this is the suite's longest test.
    @Test("For every guarded route, a role that lacks its action gets 403, and the denial is audited", arguments: Role.allCases)
    func rolesAreDenied(role: Role) async throws {
        try await TestApp.with { app in
            let table = PermissionTable.standard
            let browser = try await app.signedIn(role)
            // The form token belongs to the session, so it is read once.
            let csrf = try await browser.get("/profile").formValue("_csrf")
            var checked = 0
            for route in app.app.routes.all {
                guard case .action(let action) = route.access, !table.allows(role, action) else { continue }
                let response = try await send(browser, route.method, concrete(route), csrf: csrf)
                #expect(response.status == .forbidden, "\(role) on \(Self.key(route)) got \(response.status)")
                checked += 1
            }
            #expect(checked > 0 || role == .administrator)
            let denials = try await AuditEntry.query(on: app.app.db).filter(\.$action == "auth.denied").count()
            #expect(denials == checked)
        }
    }

    private func concrete(_ route: Route) -> String {
        "/"
            + route.path.map { component in
                if case .parameter = component { return UUID().uuidString }
                return component.description
            }.joined(separator: "/")
    }

    private func send(_ browser: Browser, _ method: HTTPMethod, _ path: String, csrf: String?) async throws -> TestResponse {
        if method == .GET { return try await browser.get(path) }
        if path.hasPrefix("/api/") {
            var headers = HTTPHeaders()
            if let csrf { headers.add(name: "X-CSRF-Token", value: csrf) }
            return try await browser.json(method, path, [String: String](), headers: headers)
        }
        return try await browser.request(
            method, path, body: Browser.urlEncoded(["_csrf": csrf ?? ""]), contentType: "application/x-www-form-urlencoded")
    }
}
