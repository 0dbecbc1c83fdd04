import Domain
import Fluent
import Foundation
import Testing
import Vapor

@testable import App

@Suite("JSON API conventions")
struct APIConventionTests {
    @Test("Lists page with limit and offset, report the total, sort and filter")
    func pagination() async throws {
        try await TestApp.with { app in
            let (_, token) = try await app.token(.administrator)
            for index in 1...12 {
                try await app.makeUser(
                    .employee, email: String(format: "user%02d@example.com", index), name: String(format: "Person %02d", index))
            }
            let api = APIClient(app, token: token)
            let first = try await api.call(.GET, "/api/v1/users?limit=5&sort=email&role=employee")
            #expect(first.status == .ok)
            let items = first.json["items"] as? [[String: Any]] ?? []
            #expect(items.count == 5)
            #expect(first.json["total"] as? Int == 12)
            #expect(first.json["nextOffset"] as? Int == 5)
            #expect(items.first?["email"] as? String == "user01@example.com")
            let last = try await api.call(.GET, "/api/v1/users?limit=5&offset=10&sort=-email&role=employee")
            let lastItems = last.json["items"] as? [[String: Any]] ?? []
            #expect(lastItems.map { $0["email"] as? String } == ["user02@example.com", "user01@example.com"])
            #expect(last.json["nextOffset"] == nil || last.json["nextOffset"] is NSNull)
            let search = try await api.call(.GET, "/api/v1/users?q=person%2007")
            #expect(search.json["total"] as? Int == 1)
            let tooMany = try await api.call(.GET, "/api/v1/users?limit=501&sort=password")
            #expect(tooMany.status == .unprocessableEntity)
            let params = (tooMany.json["invalidParams"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(Set(params) == ["limit", "sort"])
        }
    }

    @Test("An update needs If-Match; a stale version gets 412 and nothing is overwritten")
    func optimisticConcurrency() async throws {
        try await TestApp.with { app in
            let (_, token) = try await app.token(.administrator)
            let target = try await app.makeUser(.employee, name: "Original Name")
            let api = APIClient(app, token: token)
            let read = try await api.call(.GET, "/api/v1/users/\(target.id!)")
            let etag = read.headers.first(name: .eTag)
            #expect(etag == "\"1\"")
            let blind = try await api.call(.PATCH, "/api/v1/users/\(target.id!)", ["name": "Blind Write"])
            #expect(blind.status == .preconditionRequired)
            let first = try await api.call(.PATCH, "/api/v1/users/\(target.id!)", ["name": "First Writer"], headers: ["If-Match": etag!])
            #expect(first.status == .ok)
            #expect(first.headers.first(name: .eTag) == "\"2\"")
            let second = try await api.call(.PATCH, "/api/v1/users/\(target.id!)", ["name": "Second Writer"], headers: ["If-Match": etag!])
            #expect(second.status == .preconditionFailed)
            #expect(second.json["code"] as? String == "stale_version")
            #expect(try await User.find(target.id, on: app.app.db)?.name == "First Writer")
        }
    }

    @Test("The edit form refuses a stale save and shows the other person's version")
    func staleFormSave() async throws {
        try await TestApp.with { app in
            let admin = try await app.signedIn(.administrator)
            let target = try await app.makeUser(.employee, name: "Before")
            let form = try await admin.get("/admin/users/\(target.id!)")
            _ = try await AccountService(app: app.app, actor: .system).update(target.id!, expectedVersion: 1, .init(name: "Someone Else"))
            let response = try await admin.submit(
                "/admin/users/\(target.id!)",
                ["name": "Mine", "email": target.email, "role": "employee", "version": form.formValue("version") ?? ""],
                csrf: form.formValue("_csrf"))
            #expect(response.status == .conflict)
            #expect(response.body.contains("Someone Else"))
            #expect(try await User.find(target.id, on: app.app.db)?.name == "Someone Else")
        }
    }

    @Test(
        "Bad bodies get problem details and write nothing",
        arguments: [
            ("{not json", "application/json", 400, "malformed_body"),
            (
                #"{"email":"x@example.com","name":"X","role":"employee","password":"long enough pass","admin":true}"#, "application/json",
                400, "unknown_fields"
            ),
            ("email=x@example.com", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
            (#"{"email":"not-an-address","name":"","role":"wizard","password":"short"}"#, "application/json", 422, "validation_failed"),
            (
                #"{"email":"x@example.com","name":"X","role":"employee","password":"password1234"}"#, "application/json", 422,
                "validation_failed"
            ),
            (#"{"email":"x@example.com","name":"X","role":"employee"}"#, "application/json", 422, "validation_failed"),
            ("{\"name\":\"" + String(repeating: "x", count: 70_000) + "\"}", "application/json", 413, "payload_too_large"),
        ])
    func badBodies(_ body: String, _ contentType: String, _ status: Int, _ code: String) async throws {
        try await TestApp.with { app in
            let (_, token) = try await app.token(.administrator)
            let before = try await app.count(User.self)
            let response = try await APIClient(app, token: token).raw(.POST, "/api/v1/users", body: body, contentType: contentType)
            #expect(Int(response.status.code) == status)
            #expect(response.headers.first(name: .contentType)?.hasPrefix("application/problem+json") == true)
            #expect(response.json["code"] as? String == code)
            #expect(response.json["status"] as? Int == status)
            #expect(try await app.count(User.self) == before)
        }
    }

    @Test("An invalid body reports every failing field, in the caller's language")
    func everyFieldLocalised() async throws {
        try await TestApp.with { app in
            let (_, token) = try await app.token(.administrator)
            let api = APIClient(app, token: token, acceptLanguage: "de-DE,de;q=0.9")
            let response = try await api.call(.POST, "/api/v1/users", ["email": "nope", "name": "", "role": "wizard", "password": "short"])
            #expect(response.status == .unprocessableEntity)
            #expect(response.json["title"] as? String == "Einige Felder sind ungültig.")
            let params = response.json["invalidParams"] as? [[String: Any]] ?? []
            #expect(Set(params.compactMap { $0["name"] as? String }) == ["email", "name", "role"])
            #expect(params.contains { $0["reason"] as? String == "Das ist keine gültige E-Mail-Adresse." })
        }
    }

    @Test("A created user comes back with Location and ETag, and can sign in")
    func createUser() async throws {
        try await TestApp.with { app in
            let (_, token) = try await app.token(.administrator)
            let response = try await APIClient(app, token: token).call(
                .POST, "/api/v1/users",
                [
                    "email": "New.Person@Example.com", "name": "New Person", "role": "technician", "password": "a long new password",
                    "language": "et",
                ])
            #expect(response.status == .created)
            #expect(response.json["email"] as? String == "new.person@example.com")
            #expect(response.headers.first(name: .location)?.hasPrefix("/api/v1/users/") == true)
            #expect(try await Browser(app).signIn(email: "new.person@example.com", password: "a long new password").status == .seeOther)
        }
    }
}

@Suite("API tokens")
struct TokenTests {
    @Test("A read-only token reads but may not write; the refusal is audited")
    func readOnlyScope() async throws {
        try await TestApp.with { app in
            let (_, token) = try await app.token(.administrator, scope: .read)
            let api = APIClient(app, token: token)
            #expect(try await api.call(.GET, "/api/v1/users").status == .ok)
            let write = try await api.call(
                .POST, "/api/v1/users", ["email": "a@example.com", "name": "A", "role": "employee", "password": "long enough password"])
            #expect(write.status == .forbidden)
            #expect(write.json["code"] as? String == "token_scope")
            #expect(try await AuditEntry.query(on: app.app.db).filter(\.$action == "auth.denied").count() == 1)
        }
    }

    @Test("A write through a token is audited as token use, and the token's last use is recorded")
    func writeAudited() async throws {
        try await TestApp.with { app in
            let (_, token) = try await app.token(.administrator)
            let response = try await APIClient(app, token: token).call(
                .POST, "/api/v1/users", ["email": "b@example.com", "name": "B", "role": "employee", "password": "long enough password"])
            #expect(response.status == .created)
            let uses = try await AuditEntry.query(on: app.app.db).filter(\.$action == "token.write").all()
            #expect(uses.count == 1)
            let create = try await AuditEntry.query(on: app.app.db).filter(\.$action == "user.create").filter(\.$entityID != nil).sort(
                \.$id, .descending
            ).first()
            #expect(create?.actorLabel.contains("(token test)") == true)
            #expect(try await APIToken.query(on: app.app.db).first()?.lastUsedAt != nil)
        }
    }

    @Test("A token is created once, listed without its secret, and revoked")
    func lifecycle() async throws {
        try await TestApp.with { app in
            let (_, token) = try await app.token(.employee)
            let api = APIClient(app, token: token)
            let created = try await api.call(.POST, "/api/v1/tokens", ["label": "backup script", "scope": "read", "expiresInDays": 30])
            #expect(created.status == .created)
            let secret = created.json["secret"] as? String ?? ""
            #expect(secret.hasPrefix("qm_") && secret.count > 40)
            let list = try await api.call(.GET, "/api/v1/tokens")
            #expect(!list.body.contains(secret))
            #expect(list.jsonArray.count == 2)
            let id = (created.json["token"] as? [String: Any])?["id"] as? String ?? ""
            #expect(try await APIClient(app, token: secret).call(.GET, "/api/v1/me").status == .ok)
            #expect(try await api.call(.DELETE, "/api/v1/tokens/\(id)").status == .noContent)
            #expect(try await APIClient(app, token: secret).call(.GET, "/api/v1/me").status == .unauthorized)
            // Nobody stores the secret itself.
            #expect(try await APIToken.query(on: app.app.db).all().allSatisfy { $0.tokenHash != secret })
        }
    }

    @Test("An expired or unknown token is refused with 401")
    func expiredAndUnknown() async throws {
        try await TestApp.with { app in
            let user = try await app.makeUser(.employee)
            let (_, secret) = try await TokenService(app: app.app, actor: .system).create(
                userID: user.id!, label: "short", scope: .read, expiresInDays: 1)
            #expect(try await APIClient(app, token: secret).call(.GET, "/api/v1/me").status == .ok)
            app.clock.advance(86401)
            #expect(try await APIClient(app, token: secret).call(.GET, "/api/v1/me").status == .unauthorized)
            #expect(try await APIClient(app, token: "qm_made_up").call(.GET, "/api/v1/me").status == .unauthorized)
        }
    }

    @Test("Another user's token cannot be revoked: it does not exist for them")
    func cannotRevokeOthers() async throws {
        try await TestApp.with { app in
            let (_, mine) = try await app.token(.employee)
            let other = try await app.makeUser(.employee)
            let (theirs, _) = try await TokenService(app: app.app, actor: .system).create(
                userID: other.id!, label: "x", scope: .read, expiresInDays: nil)
            #expect(try await APIClient(app, token: mine).call(.DELETE, "/api/v1/tokens/\(theirs.id!)").status == .notFound)
            #expect(try await APIToken.find(theirs.id, on: app.app.db)?.revokedAt == nil)
        }
    }
}
