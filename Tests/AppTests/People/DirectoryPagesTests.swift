import Directory
import Domain
import Fluent
import Foundation
import Testing

@testable import App

/// The directory as the IT manager uses it: the settings page with its connection test, an employee's account from the
/// access page to the one-time password, the API, the command line, and who is turned away.
@Suite("The directory page, API and command line")
struct DirectoryPagesTests {
    static func settingsForm(_ peer: Peer, password: String = "service-secret") throws -> [String: String] {
        [
            "version": "1", "kind": "openldap", "host": "127.0.0.1", "port": String(peer.port), "security": "starttls",
            "caCertificate": try String(contentsOf: peer.directory.appendingPathComponent("ca.pem"), encoding: .utf8),
            "timeoutSeconds": "5", "bindDN": DirectoryProvisioningTests.service, "bindPassword": password,
            "dnTemplate": "uid={username},ou=people,\(DirectoryProvisioningTests.base)", "usernameTemplate": "{given}.{family}",
            "attributes": DirectoryTemplate.standardAttributes(.openLDAP), "passwordLength": "20", "passwordSymbols": "on",
        ]
    }

    @Test("The IT manager sets the directory up, tests it, and hands a joiner their initial password once")
    func setUpAndHandOver() async throws {
        try await Peer.with("ldap_server.py") { peer in
            try await TestApp.with { app in
                let browser = try await app.signedIn(.itManager)
                var page = try await browser.get("/directory")
                #expect(page.status == .ok && page.body.contains("Not compared yet") && page.body.contains("name=\"dnTemplate\""))

                // A DN without a placeholder, a mapping line without a colon, and no certificate: refused, in German too.
                var form = try Self.settingsForm(peer)
                (form["dnTemplate"], form["attributes"], form["caCertificate"]) = ("ou=people,dc=x", "mail {email}", "not a certificate")
                let refused = try await browser.submit("/directory", form, from: "/directory")
                #expect(refused.status == .unprocessableEntity)
                for field in ["dnTemplate", "attributes", "caCertificate"] { #expect(refused.body.contains("id=\"\(field)-error\"")) }
                let german = try await app.signedIn(.itManager, language: .de)
                let abgelehnt = try await german.submit("/directory", form, from: "/directory")
                #expect(abgelehnt.body.contains("Das ist kein Zertifikat im PEM-Format"))
                #expect(try await DirectorySettings.current(on: app.app.db).version == 1)

                // A wrong password: the test says what the directory said.
                #expect(
                    try await browser.submit("/directory", try Self.settingsForm(peer, password: "wrong"), from: "/directory").status
                        == .seeOther)
                var test = try await browser.submit("/directory/test", [:], from: "/directory")
                #expect(test.body.contains("Invalid credentials (49)"))
                form = try Self.settingsForm(peer)
                form["version"] = "2"
                #expect(try await browser.submit("/directory", form, from: "/directory").status == .seeOther)
                test = try await browser.submit("/directory/test", [:], from: "/directory")
                #expect(test.body.contains("Signed in to the directory; 0 accounts"))
                let trail = try await AuditEntry.query(on: app.app.db).filter(\.$action == "directory_settings.update").all()
                #expect(trail.count == 2 && !trail.map(\.changesJSON).joined().contains("service-secret"))

                // A joiner: the account is asked for on their access page, made by the job, and its password shown once.
                let mari = try await DirectoryProvisioningTests.person(app, "E1", "Mari", "Tamm")
                var access = try await browser.get("/employees/\(mari.id!)/access")
                #expect(
                    access.body.contains("No account in the directory yet.") && access.body.contains("Create the account in the directory"))
                let asked = try await browser.submit("/employees/\(mari.id!)/directory-account", [:], from: "/employees/\(mari.id!)/access")
                #expect(asked.status == .seeOther && asked.headers.first(name: .location)?.contains("done=scheduled&count=1") == true)
                access = try await browser.get("/employees/\(mari.id!)/access")
                #expect(access.body.contains("Being made") && access.body.contains("Create the account"))
                _ = try await DirectoryProvisioner.runDue(app: app.app)
                access = try await browser.get("/employees/\(mari.id!)/access")
                #expect(access.body.contains("mari.tamm") && access.body.contains("Show the initial password once"))
                let shown = try await browser.submit(
                    "/employees/\(mari.id!)/directory-account/password", [:], from: "/employees/\(mari.id!)/access")
                #expect(shown.status == .ok && shown.headers.first(name: .cacheControl) == "no-store")
                let password = try #require(shown.body.firstMatch(of: #/<dt>Initial password</dt><dd><code>([^<]+)</code>/#)?.1)
                #expect(password.count == 20)
                access = try await browser.get("/employees/\(mari.id!)/access")
                #expect(!access.body.contains("Show the initial password once") && access.body.contains("shown once on"))
                let again = try await browser.submit(
                    "/employees/\(mari.id!)/directory-account/password", [:], from: "/employees/\(mari.id!)/access")
                // Shown already: back to the access page, which says when and to whom.
                #expect(again.status == .seeOther && again.headers.first(name: .location) == "/employees/\(mari.id!)/access")

                // Compared with the directory: nothing differs; the page says so.
                #expect(try await browser.submit("/directory/check", [:], from: "/directory").status == .seeOther)
                page = try await browser.get("/directory")
                #expect(page.body.contains("0 differences"))
            }
        }
    }

    @Test("The API sets the directory up, asks for an account and shows the queue; the password never comes back")
    func api() async throws {
        try await Peer.with("ldap_server.py") { peer in
            try await TestApp.with { app in
                let (_, token) = try await app.token(.itManager)
                let api = APIClient(app, token: token)
                let form = try Self.settingsForm(peer)
                let patched = try await api.call(
                    .PATCH, "/api/v1/directory/settings",
                    [
                        "host": "127.0.0.1", "port": peer.port, "security": "starttls", "caCertificate": form["caCertificate"]!,
                        "bindDN": DirectoryProvisioningTests.service, "bindPassword": "service-secret",
                        "dnTemplate": "uid={username},ou=people,\(DirectoryProvisioningTests.base)",
                    ], headers: ["If-Match": "\"1\""])
                #expect(
                    patched.status == .ok && patched.json["passwordSet"] as? Bool == true && patched.json["configured"] as? Bool == true)
                #expect(!patched.body.contains("service-secret"))
                let stale = try await api.call(.PATCH, "/api/v1/directory/settings", ["host": "x"], headers: ["If-Match": "\"1\""])
                #expect(stale.status == .preconditionFailed)

                let mari = try await DirectoryProvisioningTests.person(app, "E1", "Mari", "Tamm")
                let asked = try await api.call(.POST, "/api/v1/employees/\(mari.id!)/directory-account")
                #expect(asked.status == .accepted && asked.json["status"] as? String == "pending")
                #expect(try await api.call(.POST, "/api/v1/employees/\(mari.id!)/directory-account").status == .conflict)
                var queue = try await api.call(.GET, "/api/v1/directory/operations?status=pending")
                #expect(queue.json["total"] as? Int == 1)
                _ = try await DirectoryProvisioner.runDue(app: app.app)
                queue = try await api.call(.GET, "/api/v1/directory/operations?employeeId=\(mari.id!)")
                #expect((queue.json["items"] as? [[String: Any]])?.first?["status"] as? String == "done")
                let account = try await api.call(.GET, "/api/v1/employees/\(mari.id!)/directory-account")
                #expect(account.json["dn"] as? String == "uid=mari.tamm,ou=people,\(DirectoryProvisioningTests.base)")
                #expect(account.json["initialPasswordWaiting"] as? Bool == true)
                let password = try await api.call(.POST, "/api/v1/employees/\(mari.id!)/directory-account/password")
                #expect((password.json["password"] as? String)?.count == 16)
                #expect(try await api.call(.POST, "/api/v1/employees/\(mari.id!)/directory-account/password").status == .notFound)
                let check = try await api.call(.POST, "/api/v1/directory/drift")
                #expect(check.status == .ok && (check.json["drift"] as? [String: Any])?["withoutEmployee"] as? [Any] != nil)
                #expect(try await api.call(.GET, "/api/v1/directory/operations?status=nonsense").status == .unprocessableEntity)
            }
        }
    }

    @Test("Only those who own provisioning reach the directory; a reader of applications sees the account but no buttons")
    func permissions() async throws {
        try await TestApp.with { app in
            let mari = try await DirectoryProvisioningTests.person(app, "E1", "Mari", "Tamm")
            for role in [Role.technician, .peopleOfficer, .employee, .executive] {
                let browser = try await app.signedIn(role)
                #expect(try await browser.get("/directory").status == .forbidden, "\(role)")
                #expect(try await browser.submit("/directory/test", [:], from: "/").status == .forbidden, "\(role)")
                #expect(
                    try await browser.submit("/employees/\(mari.id!)/directory-account", [:], from: "/").status == .forbidden, "\(role)")
                let (_, token) = try await app.token(role)
                let api = APIClient(app, token: token)
                #expect(try await api.call(.GET, "/api/v1/directory/settings").status == .forbidden, "\(role)")
                #expect(try await api.call(.POST, "/api/v1/employees/\(mari.id!)/directory-account").status == .forbidden, "\(role)")
            }
            // Not set up: nothing to ask for.
            let (_, token) = try await app.token(.itManager)
            #expect(
                try await APIClient(app, token: token).call(.POST, "/api/v1/employees/\(mari.id!)/directory-account").status == .conflict)
            #expect(try await APIClient(app, token: token).call(.POST, "/api/v1/directory/drift").status == .conflict)
            let technician = try await app.signedIn(.technician)
            let access = try await technician.get("/employees/\(mari.id!)/access")
            #expect(access.status == .ok && !access.body.contains("Create the account in the directory"))
        }
    }

    @Test("directory check and reconcile on the command line beside the server: differences listed, fixed only when confirmed")
    func commandLine() async throws {
        try await Peer.with("ldap_server.py") { peer in
            try await TestApp.with { app in
                try await DirectoryProvisioningTests.configure(app, peer)
                let mari = try await DirectoryProvisioningTests.person(app, "E1", "Mari", "Tamm")
                try await DirectoryService(app: app.app, actor: .system).requestAccount(for: mari.id!)
                let made = try CommandLine.run(["directory", "provision", "--database", app.databaseURL])
                #expect(made.status == 0 && made.output.contains("made 1 change in the directory, 0 waiting"), "\(made.error)")
                _ = try await EmployeeService(app: app.app, actor: .system).archive(mari.id!, expectedVersion: nil, endDate: nil)

                let check = try CommandLine.run(["directory", "check", "--database", app.databaseURL])
                #expect(check.status == 0, "\(check.error)")
                #expect(check.output.contains("left but enabled: uid=mari.tamm,ou=people,dc=quartermaster,dc=test (Mari Tamm)"))
                #expect(check.output.contains("1 difference: 1 left but enabled"))
                let declined = try CommandLine.run(["directory", "reconcile", "--database", app.databaseURL], input: "n\n")
                #expect(declined.output.contains("Nothing changed.") && declined.status == 0)
                #expect(try await DirectoryOperation.query(on: app.app.db).filter(\.$kindRaw == "disable_account").count() == 0)
                let fixed = try CommandLine.run(["directory", "reconcile", "--database", app.databaseURL], input: "y\n")
                #expect(fixed.output.contains("Queued 1; made 1 change in the directory"), "\(fixed.output) \(fixed.error)")
                #expect(try await DirectoryAccount.query(on: app.app.db).first()?.status == .disabled)

                // A directory that cannot be used: status 1 and the reason.
                var changes = DirectoryService.SettingsChanges()
                changes.port = 1
                _ = try await DirectoryService(app: app.app, actor: .system).updateSettings(expectedVersion: 2, changes)
                let down = try CommandLine.run(["directory", "check", "--database", app.databaseURL])
                #expect(down.status == 1 && down.error.contains("could not be used: Can't contact LDAP server"))
            }
        }
    }
}
