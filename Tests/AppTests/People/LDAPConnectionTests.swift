import Directory
import Foundation
import Testing

/// The LDAP client against a real OpenLDAP slapd (Tests/Peers/ldap_server.py): TLS with the certificate checked, the
/// service account's writes, the password policy's "must change", paging past the server's size limit, and the
/// server's own reasons when it refuses.
@Suite struct LDAPConnectionTests {
    static let base = "dc=quartermaster,dc=test"
    static let service = "cn=quartermaster,ou=services,dc=quartermaster,dc=test"

    static func server(_ peer: Peer, _ security: LDAPServer.Security = .startTLS, trusted: Bool = true) throws -> LDAPServer {
        let port =
            security == .ldaps
            ? Int(
                try String(contentsOf: peer.directory.appendingPathComponent("ldaps-port"), encoding: .utf8)
                    .trimmingCharacters(in: .whitespacesAndNewlines))!
            : peer.port
        return LDAPServer(
            host: "127.0.0.1", port: port, security: security,
            caFile: trusted ? peer.directory.appendingPathComponent("ca.pem").path : nil, timeout: .seconds(5))
    }

    @Test func theServiceAccountCreatesAUserWhoMustChangeTheirPassword() async throws {
        try await Peer.with("ldap_server.py") { peer in
            let ldap = try await LDAPConnection.connect(to: Self.server(peer), bindDN: Self.service, password: "service-secret")
            let dn = "uid=mari.tamm,ou=people,\(Self.base)"
            try await ldap.add(
                dn,
                [
                    ("objectClass", ["inetOrgPerson"]), ("uid", ["mari.tamm"]), ("cn", ["Mari Tamm"]), ("sn", ["Tamm"]),
                    ("givenName", ["Mari"]), ("mail", ["mari.tamm@example.ee"]),
                ])
            try await ldap.modify("cn=vpn-users,ou=groups,\(Self.base)", [LDAPModification(.add, "member", [dn])])
            try await ldap.setPassword(dn, "Initial-Pass-42")

            let entry = try #require(try await ldap.read(dn, attributes: ["cn", "mail", "pwdReset"]))
            #expect(entry.first("cn") == "Mari Tamm")
            #expect(entry.first("mail") == "mari.tamm@example.ee")
            #expect(entry.first("pwdReset") == "TRUE")
            let members = try #require(try await ldap.read("cn=vpn-users,ou=groups,\(Self.base)", attributes: ["member"]))
            #expect(members.values("member").contains(dn))
            let found = try await ldap.search(
                base: "ou=people,\(Self.base)", filter: "(mail=\(LDAPEscaping.filterValue("mari.tamm@example.ee")))")
            #expect(found.map(\.dn) == [dn])

            // The person signs in with the initial password over LDAPS.
            let user = try await LDAPConnection.connect(to: Self.server(peer, .ldaps), bindDN: dn, password: "Initial-Pass-42")
            user.close()
            ldap.close()
        }
    }

    @Test func refusalsCarryTheServersReason() async throws {
        try await Peer.with("ldap_server.py") { peer in
            let server = try Self.server(peer)
            await #expect(throws: LDAPError.self) {
                try await LDAPConnection.connect(to: server, bindDN: Self.service, password: "wrong")
            }
            do {
                _ = try await LDAPConnection.connect(to: server, bindDN: Self.service, password: "wrong")
            } catch let error as LDAPError {
                #expect(error.invalidCredentials)
            }
            // An empty password is never an anonymous bind in disguise.
            do {
                _ = try await LDAPConnection.connect(to: server, bindDN: Self.service, password: "")
                Issue.record("an empty password bound")
            } catch let error as LDAPError {
                #expect(error.invalidCredentials)
            }

            let ldap = try await LDAPConnection.connect(to: server, bindDN: Self.service, password: "service-secret")
            let dn = "uid=jaan,ou=people,\(Self.base)"
            let person: [(String, [String])] = [("objectClass", ["inetOrgPerson"]), ("uid", ["jaan"]), ("cn", ["Jaan"]), ("sn", ["Kask"])]
            try await ldap.add(dn, person)
            do {
                try await ldap.add(dn, person)
                Issue.record("a second add succeeded")
            } catch let error as LDAPError {
                #expect(error.alreadyExists)
            }
            // Outside what the service account may write: the server's own words come back.
            do {
                try await ldap.add("cn=intruder,ou=services,\(Self.base)", [("objectClass", ["organizationalRole"]), ("cn", ["intruder"])])
                Issue.record("a write outside the service account's subtree succeeded")
            } catch let error as LDAPError {
                #expect(error.code == 50)
                #expect(error.description.contains("no write access"))
            }
            #expect(try await ldap.read("uid=nobody,ou=people,\(Self.base)") == nil)
            try await ldap.delete(dn)
            #expect(try await ldap.read(dn) == nil)
        }
    }

    @Test func aCertificateFromAnUnknownAuthorityIsRefused() async throws {
        try await Peer.with("ldap_server.py") { peer in
            for security in [LDAPServer.Security.startTLS, .ldaps] {
                do {
                    _ = try await LDAPConnection.connect(
                        to: Self.server(peer, security, trusted: false), bindDN: Self.service, password: "service-secret")
                    Issue.record("\(security): a certificate from an unknown CA was accepted")
                } catch let error as LDAPError {
                    #expect(error.code != 49, "\(error)")
                }
            }
        }
    }

    @Test func aServerThatIsDownIsATransientFault() async throws {
        let port = try await Peer.with("ldap_server.py") { $0.port }
        let server = LDAPServer(host: "127.0.0.1", port: port, security: .none, timeout: .seconds(2))
        do {
            _ = try await LDAPConnection.connect(to: server, bindDN: Self.service, password: "service-secret")
            Issue.record("connected to a stopped server")
        } catch let error as LDAPError {
            #expect(error.isTransient, "\(error)")
        }
    }

    @Test func aSearchPagesPastTheServersSizeLimit() async throws {
        try await Peer.with("ldap_server.py") { peer in
            let ldap = try await LDAPConnection.connect(to: Self.server(peer), bindDN: Self.service, password: "service-secret")
            // slapd answers at most 500 entries to one plain search.
            for index in 0..<520 {
                try await ldap.add(
                    "uid=user\(index),ou=people,\(Self.base)",
                    [
                        ("objectClass", ["inetOrgPerson"]), ("uid", ["user\(index)"]), ("cn", ["User \(index)"]), ("sn", ["User"]),
                    ])
            }
            let people = try await ldap.search(base: "ou=people,\(Self.base)", scope: .oneLevel, attributes: ["uid"], pageSize: 200)
            #expect(people.count == 520)
            #expect(Set(people.compactMap { $0.first("uid") }).count == 520)
        }
    }
}
