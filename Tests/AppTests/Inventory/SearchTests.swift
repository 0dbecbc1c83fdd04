import Domain
import Fluent
import Foundation
import Testing
import Vapor

@testable import App

@Suite("Global search", .serialized)
struct SearchTests {
    /// Kadri's laptop LT-1, a spare laptop whose serial number is "LT-1" too, and a server with an interface, an address
    /// with a DNS name, and the prefix around it.
    private func inventory(_ app: TestApp) async throws -> (org: SmallOrganisation, laptop: Asset, spare: Asset, server: Asset) {
        let org = try await SmallOrganisation.make(app)
        let assets = AssetService(app: app.app, actor: .system)
        let laptopModel = try await assets.createModel(.init(manufacturer: "Lenovo", name: "ThinkPad T14", type: "laptop"))
        let serverModel = try await assets.createModel(.init(manufacturer: "Dell", name: "PowerEdge R650", type: "server"))
        let laptop = try await assets.create(
            .init(tag: "LT-1", name: "kadri-lt", serial: "PF3ABC12", modelID: laptopModel.id, siteID: org.site.id))
        _ = try await assets.move(laptop.id!, expectedVersion: 1, .init(to: "deployed", holder: .employee(org.kadri.id!)))
        let spare = try await assets.create(.init(tag: "LT-2", name: "spare", serial: "LT-1", modelID: laptopModel.id, siteID: org.site.id))
        let server = try await assets.create(.init(tag: "SRV-1", name: "srv-tal-01", modelID: serverModel.id, siteID: org.site.id))
        let (_, token) = try await app.token(.technician)
        let api = APIClient(app, token: token)
        #expect(try await api.call(.POST, "/api/v1/ip/prefixes", ["prefix": "10.10.1.0/24"]).status == .created)
        let nic = try await api.call(.POST, "/api/v1/interfaces", ["assetTag": "SRV-1", "name": "eth0", "mac": "3c52.8200.0014"])
        let address = try await api.call(.POST, "/api/v1/ip/addresses", ["address": "10.10.1.10/24", "dnsName": "srv-tal-01.example.lan"])
        let configured = try await api.call(
            .PUT, "/api/v1/ip/addresses/\(address.json["id"] as? String ?? "")/interface", ["interfaceId": nic.json["id"] as? String ?? ""],
            headers: ["If-Match": "\"1\""])
        #expect(configured.status == .ok, "\(configured.body)")
        return (org, laptop, spare, server)
    }

    private func search(_ api: APIClient, _ text: String) async throws -> [String: Any] {
        let query = text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
        let response = try await api.call(.GET, "/api/v1/search?q=\(query)")
        #expect(response.status == .ok, "\(text): \(response.body)")
        return response.json
    }

    private func hits(_ result: [String: Any]) -> [(tag: String, match: String, matched: String?)] {
        (result["assets"] as? [[String: Any]] ?? []).map {
            ($0["tag"] as? String ?? "", $0["match"] as? String ?? "", $0["matched"] as? String)
        }
    }

    @Test("Through the API: a tag, serial, address, prefix, MAC, DNS name, fragment and holder each find their assets, best match first")
    func findsEveryWay() async throws {
        try await TestApp.with { app in
            let setup = try await inventory(app)
            let (_, token) = try await app.token(.technician)
            let api = APIClient(app, token: token)

            // LT-1 is one asset's tag and the other's serial number: the tag comes first. An exact match answers by
            // itself: LT-10, which contains "lt-1", is left to the asset list's search.
            let model = try #require(try await AssetModel.query(on: app.app.db).first())
            _ = try await AssetService(app: app.app, actor: .system).create(.init(tag: "LT-10", modelID: model.id))
            let tag = hits(try await search(api, "lt-1"))
            #expect(tag.map(\.tag) == ["LT-1", "LT-2"])
            #expect(tag.map(\.match) == ["tag", "serial"])
            #expect(try await api.call(.GET, "/api/v1/assets?q=lt-1").json["total"] as? Int == 3)
            #expect(hits(try await search(api, "pf3abc12")).map(\.match) == ["serial"])

            let byAddress = try await search(api, "10.10.1.10")
            #expect(hits(byAddress).map(\.tag) == ["SRV-1"])
            #expect(hits(byAddress).first?.matched == "10.10.1.10")
            #expect((byAddress["addresses"] as? [[String: Any]])?.first?["assetId"] as? String == setup.server.id!.uuidString)
            #expect((byAddress["prefixes"] as? [[String: Any]])?.map { $0["prefix"] as? String } == ["10.10.1.0/24"])
            let byPrefix = try await search(api, "10.10.1.0/24")
            #expect(hits(byPrefix).map(\.match) == ["ip_address"])
            #expect((byPrefix["addresses"] as? [[String: Any]])?.count == 1)

            let byMAC = hits(try await search(api, "3C:52:82:00:00:14"))
            #expect(byMAC.map(\.tag) == ["SRV-1"] && byMAC.first?.matched == "3C:52:82:00:00:14")
            let byDNS = hits(try await search(api, "SRV-TAL-01.example.lan"))
            #expect(byDNS.map(\.match) == ["dns_name"] && byDNS.first?.matched == "srv-tal-01.example.lan")
            // The whole name is a better match than a fragment of one.
            #expect(hits(try await search(api, "srv-tal-01")).map(\.match) == ["name"])
            #expect(hits(try await search(api, "tal-0")).map(\.match) == ["fragment"])

            // A holder by surname, by first name and surname, or surname first; the person is listed with what they hold.
            for text in ["kask", "Kadri Kask", "kask kadri"] {
                let result = try await search(api, text)
                #expect(hits(result).map(\.tag) == ["LT-1"], "\(text)")
                #expect(hits(result).first?.match == "holder" && hits(result).first?.matched == "Kadri Kask", "\(text)")
                let people = result["people"] as? [[String: Any]] ?? []
                #expect(people.map { $0["name"] as? String } == ["Kadri Kask"], "\(text)")
                #expect(people.first?["assets"] as? Int == 1)
            }

            // Two characters are too few for a fragment, but still an exact tag.
            #expect(hits(try await search(api, "lt")).isEmpty)
            #expect(try await api.call(.GET, "/api/v1/search").status == .unprocessableEntity)
            let tooLong = try await api.call(.GET, "/api/v1/search?q=\(String(repeating: "x", count: 201))")
            #expect(tooLong.status == .unprocessableEntity && tooLong.body.contains("too_long"))

            // The index follows every change: a renamed asset is found by its new name only.
            let renamed = try await api.call(
                .PATCH, "/api/v1/assets/\(setup.spare.id!)", ["name": "lab-bench"], headers: ["If-Match": "\"1\""])
            #expect(renamed.status == .ok, "\(renamed.body)")
            #expect(hits(try await search(api, "bench")).map(\.tag) == ["LT-2"])
            #expect(hits(try await search(api, "spare")).isEmpty)
            // The asset list's search uses the same index.
            let listed = try await api.call(.GET, "/api/v1/assets?q=b-ben").json
            #expect((listed["items"] as? [[String: Any]])?.map { $0["tag"] as? String } == ["LT-2"])
            #expect(listed["total"] as? Int == 1)
        }
    }

    @Test("Only inventory roles may search; the page explains what was found, in the reader's language")
    func pageAndPermissions() async throws {
        try await TestApp.with { app in
            _ = try await inventory(app)
            for role in [Role.employee, .executive, .peopleOfficer] {
                let (_, token) = try await app.token(role)
                #expect(try await APIClient(app, token: token).call(.GET, "/api/v1/search?q=kask").status == .forbidden, "\(role)")
                let browser = try await app.signedIn(role)
                #expect(try await browser.get("/search?q=kask").status == .forbidden, "\(role)")
                #expect(!(try await browser.get("/dashboard").body.contains("id=\"global-search\"")), "\(role)")
            }
            let browser = try await app.signedIn(.technician, language: .de)
            #expect(try await browser.get("/dashboard").body.contains("id=\"global-search\""))
            let page = try await browser.get("/search?q=kask")
            #expect(page.status == .ok)
            #expect(page.body.contains("Gefunden über"))
            #expect(page.body.contains("Inhaber: Kadri Kask"))
            #expect(page.body.contains(">LT-1</a>"))
            #expect(page.body.contains("value=\"kask\""))
            let address = try await browser.get("/search?q=10.10.1.10")
            #expect(address.body.contains("IP-Adresse: 10.10.1.10"))
            #expect(address.body.contains("/network/lookup?q=10.10.1.10"))
            #expect(try await browser.get("/search?q=nothing-like-this").body.contains("Nichts im Inventar passt dazu."))
            let tooLong = try await browser.get("/search?q=\(String(repeating: "x", count: 201))")
            #expect(tooLong.status == .badRequest && tooLong.body.contains("aria-invalid=\"true\""))
        }
    }
}
