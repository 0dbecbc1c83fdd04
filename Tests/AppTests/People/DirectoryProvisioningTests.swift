import Directory
import Domain
import Fluent
import Foundation
import Testing

@testable import App

/// Accounts and group memberships provisioned into a real OpenLDAP slapd (Tests/Peers/ldap_server.py) through the
/// operation queue, and the drift between the directory and Quartermaster found.
@Suite("Provisioning into the directory")
struct DirectoryProvisioningTests {
    static let base = "dc=quartermaster,dc=test"
    static let service = "cn=quartermaster,ou=services,dc=quartermaster,dc=test"
    static let vpnGroup = "cn=vpn-users,ou=groups,dc=quartermaster,dc=test"
    static let staffGroup = "cn=staff,ou=groups,dc=quartermaster,dc=test"

    static func configure(_ app: TestApp, _ peer: Peer, port: Int? = nil) async throws {
        let pem = try String(contentsOf: peer.directory.appendingPathComponent("ca.pem"), encoding: .utf8)
        var changes = DirectoryService.SettingsChanges()
        (changes.host, changes.port, changes.security, changes.caCertificate) = ("127.0.0.1", port ?? peer.port, "starttls", pem)
        (changes.bindDN, changes.bindPassword, changes.timeoutSeconds) = (service, "service-secret", 3)
        changes.dnTemplate = "uid={username},ou=people,\(base)"
        _ = try await DirectoryService(app: app.app, actor: .system).updateSettings(expectedVersion: 1, changes)
    }

    static func admin(_ peer: Peer) async throws -> LDAPConnection {
        let server = LDAPServer(
            host: "127.0.0.1", port: peer.port, security: .startTLS, caFile: peer.directory.appendingPathComponent("ca.pem").path)
        return try await LDAPConnection.connect(to: server, bindDN: service, password: "service-secret")
    }

    static func person(_ app: TestApp, _ number: String, _ first: String, _ last: String) async throws -> Employee {
        try await EmployeeService(app: app.app, actor: .system).create(
            .init(
                employeeNumber: number, firstName: first, lastName: last, workEmail: "\(number.lowercased())@firma.example",
                jobTitle: "Accountant", status: .active))
    }

    @Test("A joiner's account is made with a free name, added to their applications' groups, and must change its password")
    func accountAndGroups() async throws {
        try await Peer.with("ldap_server.py") { peer in
            try await TestApp.with { app in
                try await Self.configure(app, peer)
                let ldap = try await Self.admin(peer)
                // Someone outside Quartermaster already has the name mari.tamm.
                try await ldap.add(
                    "uid=mari.tamm,ou=people,\(Self.base)",
                    [("objectClass", ["inetOrgPerson"]), ("uid", ["mari.tamm"]), ("cn", ["Mari Tamm (old)"]), ("sn", ["Tamm"])])
                let mari = try await Self.person(app, "E1", "Mari", "Tamm")
                let jurgen = try await Self.person(app, "E2", "Jürgen", "Groß, Jr.")
                let catalogue = AppCatalogueService(app: app.app, actor: .system)
                let vpn = try await catalogue.create(
                    .init(name: "VPN", method: .directoryGroup, directoryGroups: [Self.vpnGroup, Self.staffGroup]))
                try await catalogue.grant(vpn.id!, to: [mari.id!], note: "")

                let directory = DirectoryService(app: app.app, actor: .system)
                try await directory.requestAccount(for: mari.id!)
                try await directory.requestAccount(for: jurgen.id!)
                await #expect(throws: AppError.self) { try await directory.requestAccount(for: mari.id!) }
                let report = try await DirectoryProvisioner.runDue(app: app.app)
                #expect(report == .init(done: 4, retrying: 0, failed: 0))

                let account = try #require(try await DirectoryAccount.query(on: app.app.db).filter(\.$employeeID == mari.id!).first())
                #expect(account.username == "mari.tamm2" && account.status == .active)
                #expect(account.dn == "uid=mari.tamm2,ou=people,\(Self.base)")
                let created = try #require(
                    try await DirectoryOperation.query(on: app.app.db).filter(\.$employeeID == mari.id!)
                        .filter(\.$kindRaw == "create_account").first())
                #expect(created.outcome == "taken:mari.tamm")
                let entry = try #require(
                    try await ldap.read(account.dn, attributes: ["cn", "mail", "employeeNumber", "title", "pwdReset"]))
                #expect(entry.first("cn") == "Mari Tamm" && entry.first("mail") == "e1@firma.example")
                #expect(entry.first("employeeNumber") == "E1" && entry.first("title") == "Accountant")
                #expect(entry.first("pwdReset") == "TRUE")
                for group in [Self.vpnGroup, Self.staffGroup] {
                    #expect(try await ldap.read(group, attributes: ["member"])?.values("member").contains(account.dn) == true)
                }
                // A comma in a name stays part of the name.
                let other = try #require(try await DirectoryAccount.query(on: app.app.db).filter(\.$employeeID == jurgen.id!).first())
                #expect(other.username == "jurgen.gross-jr" || other.username == "jurgen.grossjr")
                #expect(try await ldap.read(other.dn, attributes: ["sn"])?.first("sn") == "Groß, Jr.")

                // The initial password is shown once, works, and is gone after.
                let password = try await directory.revealPassword(of: mari.id!)
                #expect(password.count == 16)
                let user = try await LDAPConnection.connect(
                    to: LDAPServer(
                        host: "127.0.0.1", port: peer.port, security: .startTLS,
                        caFile: peer.directory.appendingPathComponent("ca.pem").path), bindDN: account.dn, password: password)
                user.close()
                await #expect(throws: AppError.self) { try await directory.revealPassword(of: mari.id!) }
                let stored = try await DirectoryAccount.find(account.id, on: app.app.db)
                #expect(stored?.initialPasswordSealed == nil && stored?.passwordShownBy != nil)
                #expect(try await AuditEntry.query(on: app.app.db).filter(\.$action == "directory.password_shown").count() == 1)
                let trail = try await AuditEntry.query(on: app.app.db).all().map(\.changesJSON).joined()
                #expect(!trail.contains(password))

                // Access taken away: the next run takes the membership away too.
                let grant = try #require(try await AccessGrant.query(on: app.app.db).filter(\.$employeeID == mari.id!).first())
                try await catalogue.revoke(grant.id!, note: "Project over")
                #expect(try await DirectoryProvisioner.runDue(app: app.app).done == 2)
                #expect(try await ldap.read(Self.vpnGroup, attributes: ["member"])?.values("member").contains(account.dn) == false)

                // She leaves: the account is disabled, not deleted.
                try await directory.disableAccount(of: mari.id!)
                #expect(try await DirectoryProvisioner.runDue(app: app.app).done == 1)
                let locked = try await ldap.read(account.dn, attributes: ["pwdAccountLockedTime"])
                #expect(locked?.first("pwdAccountLockedTime") == DirectoryProvisioner.lockedForGood)
                #expect(try await DirectoryAccount.find(account.id, on: app.app.db)?.status == .disabled)
                // Nobody signs in with it any more, even where the policy does not enforce locks (this one does not).
                await #expect(throws: LDAPError.self) {
                    try await LDAPConnection.connect(
                        to: LDAPServer(
                            host: "127.0.0.1", port: peer.port, security: .startTLS,
                            caFile: peer.directory.appendingPathComponent("ca.pem").path), bindDN: account.dn, password: password)
                }
                #expect(try await ldap.read(account.dn) != nil)
            }
        }
    }

    @Test("A leaver's account is disabled once their last day has passed; a group the directory refuses is given up at once")
    func leaverAndRefusal() async throws {
        try await Peer.with("ldap_server.py") { peer in
            try await TestApp.with { app in
                try await Self.configure(app, peer)
                let mari = try await Self.person(app, "E1", "Mari", "Tamm")
                let catalogue = AppCatalogueService(app: app.app, actor: .system)
                let elsewhere = try await catalogue.create(
                    .init(name: "Old wiki", method: .directoryGroup, directoryGroups: ["cn=wiki,ou=groups,dc=elsewhere,dc=example"]))
                try await catalogue.grant(elsewhere.id!, to: [mari.id!], note: "")
                try await DirectoryService(app: app.app, actor: .system).requestAccount(for: mari.id!)
                #expect(try await DirectoryProvisioner.runDue(app: app.app) == .init(done: 1, retrying: 0, failed: 1))
                let refused = try #require(
                    try await DirectoryOperation.query(on: app.app.db).filter(\.$kindRaw == "add_member").first())
                #expect(refused.status == .failed && refused.attempts == 1 && refused.lastError?.contains("(53)") == true)

                let today = try await app.app.organisationToday()
                _ = try await EmployeeService(app: app.app, actor: .system).archive(
                    mari.id!, expectedVersion: nil, endDate: today.adding(days: 2))
                #expect(try await DirectoryProvisioner.runDue(app: app.app) == .init())
                app.clock.advance(3 * 86400)
                #expect(try await DirectoryProvisioner.runDue(app: app.app).done == 1)
                #expect(try await DirectoryAccount.query(on: app.app.db).first()?.status == .disabled)
                // Once only.
                #expect(try await DirectoryProvisioner.runDue(app: app.app) == .init())
            }
        }
    }

    @Test("A directory that is down leaves the operation waiting with the reason, and it succeeds once the server is back")
    func serverDown() async throws {
        let stoppedPort = try await Peer.with("ldap_server.py") { $0.port }
        try await Peer.with("ldap_server.py") { peer in
            try await TestApp.with { app in
                try await Self.configure(app, peer, port: stoppedPort)
                let mari = try await Self.person(app, "E1", "Mari", "Tamm")
                try await DirectoryService(app: app.app, actor: .system).requestAccount(for: mari.id!)
                let report = try await DirectoryProvisioner.runDue(app: app.app)
                #expect(report == .init(done: 0, retrying: 1, failed: 0))
                let waiting = try #require(try await DirectoryOperation.query(on: app.app.db).first())
                #expect(waiting.status == .pending && waiting.attempts == 1)
                #expect(waiting.lastError?.contains("Can't contact LDAP server") == true)
                #expect(waiting.nextAttemptAt > app.clock.now)
                // Not due yet: nothing happens.
                #expect(try await DirectoryProvisioner.runDue(app: app.app) == .init())

                var changes = DirectoryService.SettingsChanges()
                changes.port = peer.port
                _ = try await DirectoryService(app: app.app, actor: .system).updateSettings(expectedVersion: 2, changes)
                app.clock.advance(60)
                #expect(try await DirectoryProvisioner.runDue(app: app.app).done == 1)
                #expect(try await DirectoryAccount.query(on: app.app.db).first()?.status == .active)
            }
        }
    }

    @Test("The check finds leavers' accounts, strangers, and members without access; the fixes are queued only when asked")
    func drift() async throws {
        try await Peer.with("ldap_server.py") { peer in
            try await TestApp.with { app in
                try await Self.configure(app, peer)
                let ldap = try await Self.admin(peer)
                let mari = try await Self.person(app, "E1", "Mari", "Tamm")
                let jaan = try await Self.person(app, "E2", "Jaan", "Kask")
                let catalogue = AppCatalogueService(app: app.app, actor: .system)
                let vpn = try await catalogue.create(.init(name: "VPN", method: .directoryGroup, directoryGroups: [Self.vpnGroup]))
                try await catalogue.grant(vpn.id!, to: [mari.id!], note: "")
                let directory = DirectoryService(app: app.app, actor: .system)
                try await directory.requestAccount(for: mari.id!)
                try await directory.requestAccount(for: jaan.id!)
                _ = try await DirectoryProvisioner.runDue(app: app.app)
                #expect(try await DirectoryReconciliation.run(app: app.app).count == 0)

                // Meanwhile, in the directory: a stranger's account, Jaan added to the VPN group by hand, Mari's
                // membership removed; and Jaan leaves.
                try await ldap.add(
                    "uid=stranger,ou=people,\(Self.base)",
                    [("objectClass", ["inetOrgPerson"]), ("uid", ["stranger"]), ("cn", ["S"]), ("sn", ["S"])])
                let jaanDN = "uid=jaan.kask,ou=people,\(Self.base)"
                let mariDN = "uid=mari.tamm,ou=people,\(Self.base)"
                try await ldap.modify(
                    Self.vpnGroup, [LDAPModification(.add, "member", [jaanDN]), LDAPModification(.delete, "member", [mariDN])])
                _ = try await EmployeeService(app: app.app, actor: .system).archive(jaan.id!, expectedVersion: nil, endDate: nil)

                let drift = try await DirectoryReconciliation.run(app: app.app)
                #expect(drift.withoutEmployee.map(\.dn) == ["uid=stranger,ou=people,\(Self.base)"])
                #expect(drift.stillEnabled.map(\.employeeID) == [jaan.id])
                #expect(drift.unexpectedMembers.map(\.dn) == [jaanDN])
                #expect(drift.missingMembers.map(\.dn) == [mariDN])
                #expect(try await DirectoryReconciliation.last(on: app.app.db)?.drift == drift)
                // Nothing changed until someone confirms.
                #expect(try await app.count(table: "directory_operations") == 3)
                #expect(try await DirectoryReconciliation.queueFixes(drift, app: app.app, actor: .system) == 3)
                _ = try await DirectoryProvisioner.runDue(app: app.app)
                let after = try await DirectoryReconciliation.run(app: app.app)
                #expect(after.stillEnabled.isEmpty && after.unexpectedMembers.isEmpty && after.missingMembers.isEmpty)
                #expect(after.withoutEmployee.count == 1)
                // The stranger's account is still there: only a person decides about it, in the directory.
                #expect(try await ldap.read("uid=stranger,ou=people,\(Self.base)") != nil)
            }
        }
    }
}
