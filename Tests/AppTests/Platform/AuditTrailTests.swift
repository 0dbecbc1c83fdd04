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
            #expect(page.body.contains(">User created</a>"))
            #expect(!page.body.contains(">Signed in</a>"))
            #expect(page.body.contains("The audit trail is intact"))
        }
    }

    @Test("The audit page says what happened in the reader's words: actions, fields, values, actors and records, no codes")
    func auditInWords() async throws {
        try await TestApp.with { app in
            let (_, token) = try await app.token(.administrator)
            let target = try await app.makeUser(.employee, name: "Anna Alt")
            let api = APIClient(app, token: token)
            _ = try await api.call(.PATCH, "/api/v1/users/\(target.id!)", ["role": "technician"], headers: ["If-Match": "\"1\""])
            let cable = UUID()
            try await app.app.write { db in
                try await AuditLog.append(
                    on: db, actor: .commandLine("root"), action: "cable.create", entityType: "cable", entityID: cable.uuidString,
                    changes: AuditLog.diff(
                        before: nil,
                        after: ["label": "C-7", "length_cm": "3500", "kind": "cat6", "colour": "blue", "a": "", "b": "PP-1 14 front"]),
                    at: Date())
                let created = { (values: [String: String]) in AuditLog.diff(before: nil, after: values) }
                try await AuditLog.append(
                    on: db, actor: .system, action: "maintenance_window.create", entityType: "maintenance_window",
                    entityID: UUID().uuidString,
                    changes: created(["rrule": "FREQ=WEEKLY;BYDAY=SU", "starts": "2026-01-04T04:00", "time_zone": "Europe/Berlin"]),
                    at: Date())
                try await AuditLog.append(
                    on: db, actor: .system, action: "usage.rule.create", entityType: "usage_rule", entityID: UUID().uuidString,
                    changes: created(["kind": "category_blocked", "category": "social_networks"]), at: Date())
                try await AuditLog.append(
                    on: db, actor: .system, action: "check.create", entityType: "check", entityID: UUID().uuidString,
                    changes: created(["settings": #"{"graceSeconds":3600}"#, "heartbeat_token": "96560837"]), at: Date())
                try await AuditLog.append(
                    on: db, actor: .system, action: "asset.update", entityType: "asset", entityID: UUID().uuidString,
                    changes: ["purchase_cost": AuditChange(before: "€7,900.00", after: "€7,950.00")], at: Date())
                try await AuditLog.append(
                    on: db, actor: .system, action: "employee.import", entityType: "employee", entityID: nil,
                    changes: created(["created": "1100"]), at: Date())
                try await AuditLog.append(
                    on: db, actor: .system, action: "check.update", entityType: "check", entityID: UUID().uuidString,
                    changes: [
                        "interval_seconds": AuditChange(before: "60", after: "21600"),
                        "enabled": AuditChange(before: "true", after: "false"),
                    ],
                    at: Date())
            }
            let german = try await app.signedIn(.administrator, language: .de)
            let body = try await german.get("/admin/audit").body
            #expect(body.contains(">Benutzer geändert</a>"))
            #expect(body.contains("Rolle: Mitarbeiter → Techniker"))
            #expect(body.contains("<a href=\"/admin/users/\(target.id!)\">Anna Alt</a>"))
            #expect(body.contains(">Kabel angelegt</a>"))
            #expect(body.contains("Kommandozeile (root)"))
            #expect(body.contains("Länge: 35\u{00A0}m") && body.contains("Farbe: Blau") && body.contains("Art: Cat 6"))
            #expect(body.contains("Kabel C-7"))  // a record that no longer exists is named from its own entry
            #expect(body.contains("Quartermaster (geplanter Auftrag)"))
            #expect(body.contains("1 Min. → 6 Std. 0 Min.") && body.contains(": ja → nein"))
            #expect(body.contains("Soziale Netzwerke") && body.contains("Karenzzeit: 1 Std. 0 Min.") && body.contains("7.900,00"))
            #expect(body.contains("Angelegt: 1.100") || body.contains(": 1.100"))
            #expect(body.contains("gesetzt (verborgen)"))
            #expect(body.contains("jede Woche am Sonntag") && body.contains("PP-1 14 (Vorderseite)"))
            for code in [
                "user.update", "cable.create", "length_cm", "cat6", "cli:root", ">system<", "interval_seconds", " \(target.id!)<", "FREQ=",
                "T04:00", "social_networks", "graceSeconds",
                "€7,900", "1100", "96560837", "category_blocked",
            ] {
                let visible = body.replacingOccurrences(of: #"href="[^"]*""#, with: "", options: .regularExpression)
                #expect(!visible.contains(code), "\(code) in \(visible.components(separatedBy: "\n").filter { $0.contains(code) })")
            }
            // Clicking an action filters by it, shown in words.
            let filtered = try await german.get("/admin/audit?action=cable.create").body
            #expect(filtered.contains("Aktion: Kabel angelegt") && !filtered.contains("Benutzer geändert"))
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
            #expect(try await app.app.auditSeal.verify(on: app.app.db) == .intact(entries: 20))
        }
    }
}

@Suite("Audit trail sealed outside the database")
struct AuditSealTests {
    /// What someone who can write to the database, but not read the key file, does to hide entries.
    private func rehash(_ app: TestApp, from sequence: Int64) async throws {
        var previous = try await AuditEntry.find(sequence - 1, on: app.app.db)?.hash ?? AuditChain.genesisHash
        for entry in try await AuditEntry.query(on: app.app.db).filter(\.$id >= sequence).sort(\.$id).all() {
            var record = entry.record
            record.previousHash = previous
            let hash = record.computedHash
            try await app.sql.update("audit_entries").set("previous_hash", to: SQLBind(previous)).set("hash", to: SQLBind(hash))
                .where("sequence", .equal, SQLBind(entry.id!)).run()
            previous = hash
        }
        let last = try await AuditEntry.query(on: app.app.db).sort(\.$id, .descending).first()!
        try await app.sql.update("audit_head").set("sequence", to: SQLBind(last.id!)).set("hash", to: SQLBind(previous)).run()
    }

    @Test("Removing the newest entries and moving the head back is detected and named")
    func truncationWithHeadMovedBack() async throws {
        try await TestApp.with { app in
            for index in 0..<6 { try await app.makeUser(.employee, email: "t\(index)@example.com") }
            #expect(try await app.app.auditSeal.verify(on: app.app.db) == .intact(entries: 6))
            try await app.sql.delete(from: "audit_entries").where("sequence", .greaterThan, SQLBind(4)).run()
            try await rehash(app, from: 4)
            #expect(try await app.app.auditSeal.verify(on: app.app.db) == .headForged(sequence: 4))
            let cli = try CommandLine.run(["audit", "verify", "--database", app.databaseURL])
            #expect(cli.status == 1 && cli.error.contains("seal"), "\(cli.error)")
            // An honest change afterwards does not make the trail look intact again.
            try await app.makeUser(.employee, email: "after@example.com")
            #expect(try await app.app.auditSeal.verify(on: app.app.db) == .headForged(sequence: 5))
        }
    }

    @Test("Rewriting an entry and recomputing every later hash and the head is detected")
    func rewriteWithRecomputedChain() async throws {
        try await TestApp.with { app in
            for index in 0..<5 { try await app.makeUser(.employee, email: "r\(index)@example.com") }
            try await app.sql.update("audit_entries").set("actor_label", to: SQLBind("someone else")).where("sequence", .equal, SQLBind(2))
                .run()
            try await rehash(app, from: 2)
            #expect(try await app.app.auditSeal.verify(on: app.app.db) == .headForged(sequence: 5))
            let api = try await APIClient(app, token: try await app.token(.administrator).1).call(.GET, "/api/v1/audit/verify")
            #expect(api.json["intact"] as? Bool == false && api.json["problem"] as? String == "head_forged")
        }
    }

    @Test("Sign-ins, failed sign-ins and sign-outs keep the trail sealed: an honest server never looks tampered with")
    func signInsStaySealed() async throws {
        try await TestApp.with { app in
            let user = try await app.makeUser(.itManager)
            let browser = Browser(app)
            _ = try await browser.signIn(email: user.email, password: "wrong password here")
            _ = try await browser.signIn(email: user.email, password: TestApp.password)
            _ = try await browser.submit("/signout", [:], from: "/profile")
            let finding = try await app.app.auditSeal.verify(on: app.app.db)
            guard case .intact(let entries) = finding else {
                Issue.record("\(finding)")
                return
            }
            #expect(entries >= 3)
        }
    }

    @Test("Verification under a stream of writes never reports a trail that is intact as damaged")
    func verificationUnderLoad() async throws {
        try await TestApp.with { app in
            let writes = Task {
                for index in 0..<60 { try await app.makeUser(.employee, email: "l\(index)@example.com") }
            }
            var findings: [AuditChain.Finding] = []
            for _ in 0..<40 { findings.append(try await app.app.auditSeal.verify(on: app.app.db)) }
            try await writes.value
            let damaged = findings.filter { if case .intact = $0 { false } else { true } }
            #expect(damaged.isEmpty, "\(damaged)")
        }
    }
}
