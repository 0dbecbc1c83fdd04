import Domain
import Fluent
import Foundation
import Testing
import Vapor

@testable import App

@Suite("Signing in and out")
struct SignInTests {
    @Test("A user signs in with the form, reaches the dashboard, and signs out")
    func signInAndOut() async throws {
        try await TestApp.with { app in
            let user = try await app.makeUser(.technician, name: "Jonas Becker")
            let browser = Browser(app)
            let signIn = try await browser.signIn(email: user.email.uppercased(), password: TestApp.password)
            #expect(signIn.status == .seeOther)
            #expect(signIn.headers.first(name: .location) == "/dashboard")
            let cookie = signIn.headers["set-cookie"].first { $0.hasPrefix("qm_session=") } ?? ""
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"))
            let dashboard = try await browser.get("/dashboard")
            #expect(dashboard.status == .ok)
            #expect(dashboard.body.contains("Jonas Becker"))

            let signOut = try await browser.submit("/signout", [:], from: "/dashboard")
            #expect(signOut.status == .seeOther)
            let after = try await browser.get("/dashboard")
            #expect(after.status == .seeOther)
            #expect(after.headers.first(name: .location)?.hasPrefix("/signin?next=") == true)
            #expect(try await app.count(UserSession.self) == 0)
        }
    }

    @Test("A wrong password is refused, and audited as a failed sign-in")
    func wrongPassword() async throws {
        try await TestApp.with { app in
            let user = try await app.makeUser(.employee)
            let response = try await Browser(app).signIn(email: user.email, password: "not the password")
            #expect(response.status == .unauthorized)
            #expect(response.body.contains("not correct"))
            let failures = try await AuditEntry.query(on: app.app.db).filter(\.$action == "auth.signin_failed").count()
            #expect(failures == 1)
        }
    }

    @Test("A sign-in form without its CSRF token is rejected and nobody is signed in")
    func csrfRejected() async throws {
        try await TestApp.with { app in
            let user = try await app.makeUser(.employee)
            let browser = Browser(app)
            _ = try await browser.get("/signin")
            let response = try await browser.submit("/signin", ["email": user.email, "password": TestApp.password], csrf: "forged")
            #expect(response.status == .forbidden)
            #expect(try await app.count(UserSession.self) == 0)
        }
    }

    @Test("A signed-in form post with another session's token is rejected and changes nothing")
    func csrfOnSignedInForms() async throws {
        try await TestApp.with { app in
            let admin = try await app.signedIn(.administrator)
            let response = try await admin.submit(
                "/admin/organisation", ["name": "Forged GmbH", "defaultLanguage": "de", "timeZone": "Europe/Berlin", "version": "1"],
                csrf: "not-the-session-token")
            #expect(response.status == .forbidden)
            #expect(try await OrganisationSettings.current(on: app.app.db).name == "Quartermaster")
        }
    }

    @Test("After five failures the account is throttled with Retry-After, even with the right password")
    func throttling() async throws {
        try await TestApp.with { app in
            let user = try await app.makeUser(.employee)
            let browser = Browser(app)
            for _ in 1...5 {
                #expect(try await browser.signIn(email: user.email, password: "wrong password!").status == .unauthorized)
            }
            let locked = try await browser.signIn(email: user.email, password: TestApp.password)
            #expect(locked.status == .tooManyRequests)
            let retryAfter = Int(locked.headers.first(name: .retryAfter) ?? "") ?? 0
            #expect(retryAfter > 0 && retryAfter <= 900)
            // Once the window has passed the right password works again.
            app.clock.advance(901)
            #expect(try await browser.signIn(email: user.email, password: TestApp.password).status == .seeOther)
        }
    }

    @Test("Twenty failures from one address throttle it for every account, including a correct sign-in")
    func throttlingPerAddress() async throws {
        try await TestApp.with { app in
            let user = try await app.makeUser(.employee)
            let browser = Browser(app)
            for index in 1...20 {
                #expect(try await browser.signIn(email: "guess\(index)@example.com", password: "wrong password!").status == .unauthorized)
            }
            let response = try await browser.signIn(email: user.email, password: TestApp.password)
            #expect(response.status == .tooManyRequests)
            #expect(response.body.contains("Too many failed attempts"))
        }
    }

    @Test("An idle session expires; an active one lives on until its absolute limit")
    func sessionExpiry() async throws {
        try await TestApp.with { app in
            let browser = try await app.signedIn(.employee)
            app.clock.advance(29 * 60)
            #expect(try await browser.get("/dashboard").status == .ok)
            app.clock.advance(29 * 60)
            #expect(try await browser.get("/dashboard").status == .ok)
            app.clock.advance(31 * 60)
            #expect(try await browser.get("/dashboard").status == .seeOther)
            #expect(try await app.count(UserSession.self) == 0)
        }
    }

    @Test("A disabled account cannot sign in and loses its sessions")
    func disabledAccount() async throws {
        try await TestApp.with { app in
            let user = try await app.makeUser(.employee)
            let browser = Browser(app)
            #expect(try await browser.signIn(email: user.email, password: TestApp.password).status == .seeOther)
            _ = try await AccountService(app: app.app, actor: .system).update(user.id!, expectedVersion: nil, .init(disabled: true))
            #expect(try await browser.get("/dashboard").status == .seeOther)
            #expect(try await Browser(app).signIn(email: user.email, password: TestApp.password).status == .unauthorized)
        }
    }

    @Test("After sign-in only local paths are followed")
    func openRedirectRefused() async throws {
        try await TestApp.with { app in
            let user = try await app.makeUser(.employee)
            let browser = Browser(app)
            let response = try await browser.submit(
                "/signin", ["email": user.email, "password": TestApp.password, "next": "//evil.example/phish"], from: "/signin")
            #expect(response.headers.first(name: .location) == "/dashboard")
        }
    }

    @Test("Changing the password checks the current one and the policy, and signs out other sessions")
    func passwordChange() async throws {
        try await TestApp.with { app in
            let user = try await app.makeUser(.employee)
            let first = Browser(app)
            let second = Browser(app)
            _ = try await first.signIn(email: user.email, password: TestApp.password)
            _ = try await second.signIn(email: user.email, password: TestApp.password)
            let wrong = try await first.submit(
                "/profile/password", ["current": "nope", "new": "a new long password", "confirm": "a new long password"], from: "/profile")
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.contains("current-error"))
            let common = try await first.submit(
                "/profile/password", ["current": TestApp.password, "new": "Password1234", "confirm": "Password1234"], from: "/profile")
            #expect(common.body.contains("too common"))
            let ok = try await first.submit(
                "/profile/password", ["current": TestApp.password, "new": "a new long password", "confirm": "a new long password"],
                from: "/profile")
            #expect(ok.status == .seeOther)
            #expect(try await first.get("/profile").status == .ok)
            #expect(try await second.get("/profile").status == .seeOther)
        }
    }
}
