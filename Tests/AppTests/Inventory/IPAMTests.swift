import Domain
import Fluent
import Foundation
import Testing
import Vapor

@testable import App

@Suite("IP address management", .serialized)
struct IPAMTests {
    private func service(_ app: TestApp) -> IPAMService { IPAMService(app: app.app, actor: .system) }

    @Test("Prefixes nest under the longest stored prefix that contains them; duplicates and bad text are refused, each audited once")
    func prefixes() async throws {
        try await TestApp.with { app in
            let ipam = service(app)
            for text in ["10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "2001:db8::/32", "2001:db8:1::/48"] {
                _ = try await ipam.createPrefix(.init(prefix: text))
            }
            #expect(try await IPAMService.parent(of: IPPrefix("10.1.2.128/25")!, on: app.app.db) == IPPrefix("10.1.2.0/24"))
            #expect(try await IPAMService.parent(of: IPPrefix("10.1.0.0/16")!, on: app.app.db) == IPPrefix("10.0.0.0/8"))
            #expect(try await IPAMService.parent(of: IPPrefix("10.0.0.0/8")!, on: app.app.db) == nil)
            #expect(try await IPAMService.parent(of: IPPrefix("2001:db8:1:2::/64")!, on: app.app.db) == IPPrefix("2001:db8:1::/48"))
            #expect(try await IPAMService.parent(of: IPPrefix("192.168.0.0/16")!, on: app.app.db) == nil)

            #expect(
                await fieldErrors { try await ipam.createPrefix(.init(prefix: "10.1.0.0/16")) } == [
                    FieldError(field: "prefix", code: .taken)
                ])
            #expect(
                await fieldErrors { try await ipam.createPrefix(.init(prefix: "10.1.2.3/16")) } == [
                    FieldError(field: "prefix", code: .hostBitsSet)
                ])
            #expect(
                await fieldErrors { try await ipam.createPrefix(.init(prefix: "10.300.0.0/16")) } == [
                    FieldError(field: "prefix", code: .ipInvalid)
                ])
            #expect(
                await fieldErrors { try await ipam.createPrefix(.init(prefix: "2001:db8::/129")) } == [
                    FieldError(field: "prefix", code: .ipInvalid)
                ])
            #expect(
                await fieldErrors { try await ipam.createPrefix(.init(prefix: "10.300.0.0/16", status: "lost")) } == [
                    FieldError(field: "prefix", code: .ipInvalid), FieldError(field: "status", code: .invalid),
                ])
            #expect(try await app.count(IPPrefixRecord.self) == 5)
            #expect(try await AuditEntry.query(on: app.app.db).filter(\.$action == "ip_prefix.create").count() == 5)
        }
    }

    @Test("An address is entered once, in canonical form, with its interface mask; duplicates in any spelling are refused")
    func addresses() async throws {
        try await TestApp.with { app in
            let ipam = service(app)
            let record = try await ipam.createAddress(.init(address: " 2001:DB8:0:0:0:0:0:1/64 ", dnsName: "Gateway.Example.ee"))
            #expect(record.addressText == "2001:db8::1")
            #expect(record.prefixLength == 64)
            #expect(record.dnsName == "gateway.example.ee")
            #expect(
                await fieldErrors { try await ipam.createAddress(.init(address: "2001:db8::0:1")) } == [
                    FieldError(field: "address", code: .taken)
                ])
            #expect(
                await fieldErrors { try await ipam.createAddress(.init(address: "10.1.2")) } == [
                    FieldError(field: "address", code: .ipInvalid)
                ])
            #expect(
                await fieldErrors { try await ipam.createAddress(.init(address: "10.1.2.3", dnsName: "bad name")) } == [
                    FieldError(field: "dnsName", code: .invalid)
                ])
            #expect(try await app.count(IPAddressRecord.self) == 1)
        }
    }

    @Test("Next free skips used addresses and the network and broadcast addresses, finds a gap anywhere, and reports a full prefix")
    func nextFree() async throws {
        try await TestApp.with { app in
            let ipam = service(app)
            let db = app.app.db
            let lan = IPPrefix("10.1.2.0/24")!
            #expect(try await IPAMService.nextFree(in: lan, on: db) == IPAddress("10.1.2.1"))
            for host in [1, 2, 3, 5] { _ = try await ipam.createAddress(.init(address: "10.1.2.\(host)")) }
            _ = try await ipam.createAddress(.init(address: "10.1.1.255"))  // outside, just below
            #expect(try await IPAMService.nextFree(in: lan, on: db) == IPAddress("10.1.2.4"))
            _ = try await ipam.createAddress(.init(address: "10.1.2.4"))
            #expect(try await IPAMService.nextFree(in: lan, on: db) == IPAddress("10.1.2.6"))
            // A gap far from both ends, behind a full left half.
            for host in 6...200 where host != 137 { _ = try await ipam.createAddress(.init(address: "10.1.2.\(host)")) }
            #expect(try await IPAMService.nextFree(in: lan, on: db) == IPAddress("10.1.2.137"))

            // A /30 has two usable addresses; a /31 (RFC 3021) and a /32 use every address.
            let link = IPPrefix("10.9.0.0/30")!
            #expect(try await IPAMService.nextFree(in: link, on: db) == IPAddress("10.9.0.1"))
            _ = try await ipam.createAddress(.init(address: "10.9.0.1"))
            _ = try await ipam.createAddress(.init(address: "10.9.0.2"))
            #expect(try await IPAMService.nextFree(in: link, on: db) == nil)
            #expect(try await IPAMService.nextFree(in: IPPrefix("10.9.0.0/31")!, on: db) == IPAddress("10.9.0.0"))
            #expect(try await IPAMService.nextFree(in: IPPrefix("10.9.0.1/32")!, on: db) == nil)

            // IPv6 keys sort after IPv4 ones and are found by the same range; the subnet-router anycast address (::) is
            // not handed out.
            _ = try await ipam.createAddress(.init(address: "2001:db8::1"))
            #expect(try await IPAMService.nextFree(in: IPPrefix("2001:db8::/64")!, on: db) == IPAddress("2001:db8::2"))
            #expect(try await IPAMService.nextFree(in: IPPrefix("2001:db8::1/128")!, on: db) == nil)

            let usage = try await IPAMService.usage(of: lan, on: db)
            #expect(usage.usedAddresses == 199)
            #expect(usage.usableAddresses == 254)
            #expect(usage.utilisationBasisPoints == 7834)
            // Many prefixes at once, across the 200-a-statement chunks, count the same way: 10.1.1.255, stored, is the
            // broadcast address of 10.1.1.0/24 and not one of its usable addresses.
            let many = (0..<250).map { IPPrefix("10.1.\($0).0/24")! }
            let usages = try await IPAMService.usages(of: many, on: db)
            #expect(usages.count == 250)
            #expect(usages[lan] == usage)
            #expect(usages[IPPrefix("10.1.1.0/24")!]?.usedAddresses == 0)
            #expect(usages.values.map(\.usedAddresses).reduce(0, +) == 199)
        }
    }

    @Test("quartermaster ip next-free prints the address, and says so when the prefix is full or not a prefix")
    func commandLine() async throws {
        try await TestApp.with { app in
            let ipam = service(app)
            _ = try await ipam.createAddress(.init(address: "192.168.7.1"))
            let free = try CommandLine.run(["ip", "next-free", "--database", app.databaseURL, "192.168.7.0/24"])
            #expect(free.status == 0, "\(free.error)")
            #expect(free.output.trimmingCharacters(in: .whitespacesAndNewlines) == "192.168.7.2")
            let full = try CommandLine.run(["ip", "next-free", "--database", app.databaseURL, "192.168.7.1/32"])
            #expect(full.status == 1)
            #expect(full.error.contains("has no free address"))
            let bad = try CommandLine.run(["ip", "next-free", "--database", app.databaseURL, "192.168.7.1/24"])
            #expect(bad.status == 1)
            #expect(bad.error.contains("not a prefix"))
        }
    }

    @Test("Through the API a technician records prefixes and addresses and asks for usage and the next free address; an employee may not")
    func api() async throws {
        try await TestApp.with { app in
            let (_, token) = try await app.token(.technician)
            let api = APIClient(app, token: token, acceptLanguage: "et")
            let created = try await api.call(.POST, "/api/v1/ip/prefixes", ["prefix": "10.20.0.0/22", "description": "Tallinn office"])
            #expect(created.status == .created)
            let id = try #require(created.json["id"] as? String)
            #expect(created.headers.first(name: .location) == "/api/v1/ip/prefixes/\(id)")
            #expect(try await api.call(.POST, "/api/v1/ip/prefixes", ["prefix": "10.0.0.0/8"]).status == .created)
            for address in ["10.20.0.1/22", "10.20.0.2", "10.20.1.7"] {
                #expect(try await api.call(.POST, "/api/v1/ip/addresses", ["address": address]).status == .created)
            }
            let prefix = try await api.call(.GET, "/api/v1/ip/prefixes/\(id)").json
            #expect(prefix["parent"] as? String == "10.0.0.0/8")
            #expect(prefix["usedAddresses"] as? Int == 3 && prefix["usableAddresses"] as? Int == 1022)
            #expect(try await api.call(.GET, "/api/v1/ip/prefixes/\(id)/next-free").json["address"] as? String == "10.20.0.3")
            let inside = try await api.call(.GET, "/api/v1/ip/addresses?prefix=10.20.1.0/24").json
            #expect(inside["total"] as? Int == 1)
            #expect((inside["items"] as? [[String: Any]])?.first?["address"] as? String == "10.20.1.7")

            let bad = try await api.call(.POST, "/api/v1/ip/prefixes", ["prefix": "10.20.0.1/22"])
            #expect(bad.status == .unprocessableEntity)
            let reasons = (bad.json["invalidParams"] as? [[String: Any]] ?? []).compactMap { $0["reason"] as? String }
            #expect(reasons == [app.app.services.localizer.text("validation.host_bits_set", .et)])
            #expect(
                try await api.call(.POST, "/api/v1/ip/prefixes", ["prefix": "10.30.0.0/16", "status": "lost"]).status
                    == .unprocessableEntity)
            let duplicate = try await api.call(.POST, "/api/v1/ip/addresses", ["address": "10.20.0.2/24"])
            #expect(duplicate.status == .unprocessableEntity)
            #expect((duplicate.json["invalidParams"] as? [[String: Any]])?.first?["name"] as? String == "address")
            let (_, employeeToken) = try await app.token(.employee)
            let employee = APIClient(app, token: employeeToken)
            #expect(try await employee.call(.GET, "/api/v1/ip/prefixes").status == .forbidden)
            #expect(try await employee.call(.POST, "/api/v1/ip/addresses", ["address": "10.20.0.9"]).status == .forbidden)
            #expect(try await app.count(IPAddressRecord.self) == 3)
        }
    }

    @Test("A prefix is renumbered and put on its site's VLAN; a VLAN at another site, a taken prefix and a stale version are refused")
    func editPrefix() async throws {
        try await TestApp.with { app in
            let ipam = service(app)
            let structure = StructureService(app: app.app, actor: .system)
            let tallinn = try await structure.createSite(
                .init(name: "Tallinn", address: "Narva mnt 7", country: "EE", timeZone: "Europe/Tallinn"))
            let tartu = try await structure.createSite(.init(name: "Tartu", address: "Riia 2", country: "EE", timeZone: "Europe/Tallinn"))
            let numbering = NumberingService(app: app.app, actor: .system)
            let voice = try await numbering.createVLAN(.init(siteID: tallinn.id, vid: 20, name: "Voice"))
            let tartuVoice = try await numbering.createVLAN(.init(siteID: tartu.id, vid: 20, name: "Voice"))
            _ = try await ipam.createPrefix(.init(prefix: "10.1.0.0/16"))
            let lan = try await ipam.createPrefix(.init(prefix: "10.1.2.0/24", siteID: tallinn.id))
            _ = try await ipam.createAddress(.init(address: "10.1.3.9"))

            let moved = try await ipam.updatePrefix(
                lan.id!, expectedVersion: 1, .init(prefix: "10.1.3.0/24", siteID: tallinn.id, vlanID: voice.id, description: "Voice"))
            #expect(moved.version == 2 && moved.prefixText == "10.1.3.0/24" && moved.vlanID == voice.id)
            #expect(try await IPAMService.usage(of: moved.prefix!, on: app.app.db).usedAddresses == 1)

            #expect(
                await fieldErrors {
                    try await ipam.updatePrefix(
                        lan.id!, expectedVersion: 2, .init(prefix: "10.1.3.0/24", siteID: tallinn.id, vlanID: tartuVoice.id))
                } == [FieldError(field: "vlanId", code: .vlanOtherSite)])
            #expect(
                await fieldErrors { try await ipam.updatePrefix(lan.id!, expectedVersion: 2, .init(prefix: "10.1.0.0/16")) } == [
                    FieldError(field: "prefix", code: .taken)
                ])
            let isStale: @Sendable (any Error) -> Bool = { ($0 as? AppError)?.code == AppError.preconditionFailed.code }
            await #expect(
                performing: { try await ipam.updatePrefix(lan.id!, expectedVersion: 1, .init(prefix: "10.1.4.0/24")) }, throws: isStale)
            await #expect(performing: { try await ipam.deletePrefix(lan.id!, expectedVersion: 1) }, throws: isStale)
            let stored = try #require(try await IPPrefixRecord.find(lan.id!, on: app.app.db))
            #expect(stored.prefixText == "10.1.3.0/24" && stored.version == 2)

            try await ipam.deletePrefix(lan.id!, expectedVersion: 2)
            #expect(try await IPPrefixRecord.find(lan.id!, on: app.app.db) == nil)
            #expect(try await app.count(IPAddressRecord.self) == 1)
            let trail = try await AuditEntry.query(on: app.app.db).filter(\.$entityID == lan.id!.uuidString).sort(\.$id).all()
            #expect(trail.map(\.action) == ["ip_prefix.create", "ip_prefix.update", "ip_prefix.delete"])
        }
    }

    @Test("Through the API a technician changes and removes prefixes and addresses by version; an employee may not, and nothing changes")
    func apiEdits() async throws {
        try await TestApp.with { app in
            let (_, token) = try await app.token(.technician)
            let api = APIClient(app, token: token, acceptLanguage: "de")
            let prefix = try await api.call(.POST, "/api/v1/ip/prefixes", ["prefix": "10.20.0.0/24", "description": "Büro"])
            let prefixID = try #require(prefix.json["id"] as? String)
            let address = try await api.call(.POST, "/api/v1/ip/addresses", ["address": "10.20.0.5/24", "dnsName": "printer"])
            let addressID = try #require(address.json["id"] as? String)
            #expect(address.headers.first(name: .location) == "/api/v1/ip/addresses/\(addressID)")

            #expect(try await api.call(.PATCH, "/api/v1/ip/prefixes/\(prefixID)", ["description": "x"]).status == .preconditionRequired)
            let renamed = try await api.call(
                .PATCH, "/api/v1/ip/prefixes/\(prefixID)", ["description": "Büro 2"], headers: ["If-Match": "\"1\""])
            #expect(renamed.status == .ok)
            #expect(renamed.json["prefix"] as? String == "10.20.0.0/24" && renamed.json["description"] as? String == "Büro 2")
            #expect(renamed.json["usedAddresses"] as? Int == 1)
            let stale = try await api.call(
                .PATCH, "/api/v1/ip/prefixes/\(prefixID)", ["status": "reserved"], headers: ["If-Match": "\"1\""])
            #expect(stale.status == .preconditionFailed)

            let moved = try await api.call(
                .PATCH, "/api/v1/ip/addresses/\(addressID)", ["address": "10.20.0.6"], headers: ["If-Match": "\"1\""])
            #expect(moved.status == .ok)
            #expect(moved.json["address"] as? String == "10.20.0.6" && moved.json["dnsName"] as? String == "printer")
            #expect(moved.json["prefixLength"] == nil)
            let second = try await api.call(.POST, "/api/v1/ip/addresses", ["address": "10.20.0.7"])
            let secondID = try #require(second.json["id"] as? String)
            let clash = try await api.call(
                .PATCH, "/api/v1/ip/addresses/\(secondID)", ["address": "10.20.0.6"], headers: ["If-Match": "\"1\""])
            #expect(clash.status == .unprocessableEntity)
            let reasons = (clash.json["invalidParams"] as? [[String: Any]] ?? []).compactMap { $0["reason"] as? String }
            #expect(reasons == [app.app.services.localizer.text("validation.taken", .de)])

            let (_, employeeToken) = try await app.token(.employee)
            let employee = APIClient(app, token: employeeToken)
            #expect(try await employee.call(.GET, "/api/v1/ip/addresses/\(addressID)").status == .forbidden)
            #expect(
                try await employee.call(.PATCH, "/api/v1/ip/addresses/\(addressID)", ["status": "reserved"], headers: ["If-Match": "\"2\""])
                    .status
                    == .forbidden)
            #expect(try await employee.call(.DELETE, "/api/v1/ip/prefixes/\(prefixID)").status == .forbidden)

            #expect(
                try await api.call(.DELETE, "/api/v1/ip/addresses/\(addressID)", headers: ["If-Match": "\"1\""]).status
                    == .preconditionFailed)
            #expect(try await api.call(.DELETE, "/api/v1/ip/addresses/\(addressID)", headers: ["If-Match": "\"2\""]).status == .noContent)
            #expect(try await api.call(.GET, "/api/v1/ip/addresses/\(addressID)").status == .notFound)
            #expect(try await api.call(.DELETE, "/api/v1/ip/prefixes/\(prefixID)").status == .noContent)
            #expect(try await app.count(IPPrefixRecord.self) == 0)
            #expect(try await app.count(IPAddressRecord.self) == 1)
        }
    }

    @Test("The demo company comes with its network: three sites' prefixes nested under their /16s, gateways and servers")
    func demoNetwork() async throws {
        try await TestApp.with { app in
            let result = try CommandLine.run(["demo", "load", "--database", app.databaseURL, "--employees", "30"])
            #expect(result.status == 0, "\(result.error)")
            #expect(try await app.count(IPPrefixRecord.self) == 21)
            let db = app.app.db
            #expect(try await IPAMService.parent(of: IPPrefix("10.20.1.0/24")!, on: db) == IPPrefix("10.20.0.0/16"))
            #expect(try await IPAMService.nextFree(in: IPPrefix("10.20.1.0/24")!, on: db) == IPAddress("10.20.1.2"))
            #expect(try await IPAMService.usage(of: IPPrefix("10.30.254.0/24")!, on: db).usedAddresses == 3)
            let voice = try #require(try await IPPrefixRecord.query(on: db).filter(\.$prefixText == "10.20.20.0/24").first())
            let vlan = try #require(try await voice.vlanID.asyncMap { try await VLAN.find($0, on: db) } ?? nil)
            #expect(vlan.vid == 20 && vlan.siteID == voice.siteID)
            #expect(try await app.count(VLAN.self) == 12)
            #expect(try CommandLine.run(["audit", "verify", "--database", app.databaseURL]).status == 0)
        }
    }
}
