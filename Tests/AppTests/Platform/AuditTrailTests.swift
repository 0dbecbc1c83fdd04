import Domain
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

@Suite("Audit trail")
struct AuditTrailTests {
    @Test("A change records who, what, and the fields before and after — never a password hash")
    func changeRecorded() async throws {
        try await TestApp.with { app in
            let (admin, token) = try await app.token(.administrator)
            let target = try await app.makeUser(.employee, name: "Anna Alt")
            let api = APIClient(app, token: token)
            _ = try await api.call(
                .PATCH, "/api/v1/users/\(target.id!)", ["name": "Anna Neu", "role": "technician"], headers: ["If-Match": "\"1\""])
            let page = try await api.call(.GET, "/api/v1/audit?action=user.update&entityId=\(target.id!)")
            let entry = (page.json["items"] as? [[String: Any]])?.first
            #expect(entry?["actorId"] as? String == admin.id!.uuidString)
            let changes = entry?["changes"] as? [String: [String: String]]
            #expect(changes?["name"] == ["before": "Anna Alt", "after": "Anna Neu"])
            #expect(changes?["role"] == ["before": "employee", "after": "technician"])
            let everything = try await AuditEntry.query(on: app.app.db).all().map(\.changesJSON).joined()
            #expect(!everything.contains("$2b$"))
            #expect(!everything.contains(TestApp.password))
        }
    }

    @Test("The trail verifies intact, then detects an edited row and a deleted row")
    func tamperingDetected() async throws {
        try await TestApp.with { app in
            let (_, token) = try await app.token(.peopleOfficer)
            for index in 1...4 { try await app.makeUser(.employee, name: "Person \(index)") }
            let api = APIClient(app, token: token)
            #expect(try await api.call(.GET, "/api/v1/audit/verify").json["intact"] as? Bool == true)

            try await app.sql.raw("UPDATE audit_entries SET actor_label = 'mallory' WHERE sequence = 3").run()
            let edited = try await api.call(.GET, "/api/v1/audit/verify")
            #expect(edited.json["intact"] as? Bool == false)
            #expect(edited.json["firstBrokenSequence"] as? Int == 3)
            #expect(edited.json["problem"] as? String == "altered")

            try await app.sql.raw("UPDATE audit_entries SET actor_label = 'system' WHERE sequence = 3").run()
            #expect(try await api.call(.GET, "/api/v1/audit/verify").json["intact"] as? Bool == true)
            try await app.sql.raw("DELETE FROM audit_entries WHERE sequence = 2").run()
            let deleted = try await api.call(.GET, "/api/v1/audit/verify")
            #expect(deleted.json["problem"] as? String == "broken")
            #expect(deleted.json["firstBrokenSequence"] as? Int == 3)
        }
    }

    @Test("The administrator's audit page filters and verifies the chain")
    func auditPage() async throws {
        try await TestApp.with { app in
            let admin = try await app.signedIn(.administrator)
            try await app.makeUser(.employee, name: "Filtered Person")
            let page = try await admin.get("/admin/audit?action=user.create&verify=1")
            #expect(page.status == .ok)
            #expect(page.body.contains("user.create"))
            #expect(!page.body.contains("<code>auth.signin</code>"))
            #expect(page.body.contains("The audit trail is intact"))
        }
    }

    @Test("Concurrent changes still form one unbroken chain")
    func concurrentAppends() async throws {
        try await TestApp.with { app in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<20 {
                    group.addTask { try await app.makeUser(.employee, email: "c\(index)@example.com") }
                }
                try await group.waitForAll()
            }
            #expect(try await AuditLog.verify(on: app.app.db) == .intact(entries: 20))
        }
    }
}
