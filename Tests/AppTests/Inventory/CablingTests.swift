import Domain
import Fluent
import Foundation
import Testing
import Vapor

@testable import App

@Suite("Interfaces, cables, racks and the address lookup", .serialized)
struct CablingTests {
    struct Plant {
        let laptop: Asset
        let panel: Asset
        let access: Asset
        let room: Room
    }

    private func plant(_ app: TestApp) async throws -> Plant {
        let structure = StructureService(app: app.app, actor: .system)
        let site = try await structure.createSite(.init(name: "Tallinn", address: "Narva mnt 7", country: "EE", timeZone: "Europe/Tallinn"))
        _ = try await structure.addRoom(siteID: site.id!, name: "Open office", floor: "3")
        let room = try #require(try await Room.query(on: app.app.db).first())
        let assets = AssetService(app: app.app, actor: .system)
        let laptopModel = try await assets.createModel(.init(manufacturer: "Lenovo", name: "T14", type: "laptop"))
        let switchModel = try await assets.createModel(.init(manufacturer: "Cisco", name: "C9200L-48P", type: "switch"))
        let panelModel = try await assets.createModel(.init(manufacturer: "Panduit", name: "CP24", type: "patch_panel"))
        return Plant(
            laptop: try await assets.create(.init(tag: "NB-7", name: "nb-7", modelID: laptopModel.id, siteID: site.id)),
            panel: try await assets.create(.init(tag: "PP-1", name: "pp1", modelID: panelModel.id, siteID: site.id)),
            access: try await assets.create(.init(tag: "SW-1", name: "access-sw1", modelID: switchModel.id, siteID: site.id)), room: room)
    }

    @Test("Through the API: a laptop's socket traced through the wall and the patch panel to the switch, and found by its address")
    func traceAndLookup() async throws {
        try await TestApp.with { app in
            let plant = try await plant(app)
            let (_, token) = try await app.token(.technician)
            let api = APIClient(app, token: token)
            func interface(_ body: [String: Any]) async throws -> String {
                let response = try await api.call(.POST, "/api/v1/interfaces", body)
                #expect(response.status == .created, "\(response.body)")
                return response.json["id"] as? String ?? ""
            }
            let nic = try await interface(["assetTag": "nb-7", "name": "eth0", "mac": "3c52.8200.0014", "speedMbps": 1000])
            let wall = try await interface(["roomId": plant.room.id!.uuidString, "name": "A-14", "kind": "wall_port"])
            let port = try await interface(["assetTag": "PP-1", "name": "14", "kind": "patch_port"])
            let switchPort = try await interface(["assetTag": "SW-1", "name": "Gi1/0/14"])
            #expect(
                try await api.call(.POST, "/api/v1/interfaces", ["assetTag": "SW-1", "name": "Gi1/0/14"]).status == .unprocessableEntity)
            let badMAC = try await api.call(.POST, "/api/v1/interfaces", ["assetTag": "SW-1", "name": "Gi1/0/15", "mac": "12:34"])
            #expect(badMAC.body.contains("mac_invalid"))
            #expect(try await api.call(.GET, "/api/v1/interfaces?asset=NB-7").jsonArray.first?["mac"] as? String == "3C:52:82:00:00:14")

            func cable(_ label: String, _ a: String, _ aSide: String, _ b: String, _ bSide: String) async throws -> TestResponse {
                try await api.call(
                    .POST, "/api/v1/cables",
                    [
                        "label": label, "kind": "cat6", "lengthCm": 300, "a": ["interfaceId": a, "side": aSide],
                        "b": ["interfaceId": b, "side": bSide],
                    ])
            }
            #expect(try await cable("C-1", nic, "port", wall, "front").status == .created)
            #expect(try await cable("C-2", wall, "rear", port, "rear").status == .created)
            #expect(try await cable("C-3", port, "front", switchPort, "port").status == .created)
            let taken = try await cable("C-4", switchPort, "port", wall, "rear")
            #expect(taken.status == .unprocessableEntity)
            #expect(taken.body.contains("cable_end_taken"))
            #expect(try await cable("C-5", nic, "front", switchPort, "port").body.contains("\"invalid\""))  // an ordinary NIC has no front
            #expect(try await cable("c-1", port, "rear", switchPort, "port").body.contains("taken"))

            let trace = try await api.call(.GET, "/api/v1/interfaces/\(nic)/trace").json
            #expect((trace["hops"] as? [[String: Any]])?.map { $0["cable"] as? String } == ["C-1", "C-2", "C-3"])
            #expect(trace["end"] as? String == "interface")
            #expect(trace["farInterface"] as? String == "access-sw1 Gi1/0/14")
            #expect(trace["farAssetTag"] as? String == "SW-1")
            let back = try await api.call(.GET, "/api/v1/interfaces/\(switchPort)/trace").json
            #expect(back["farInterface"] as? String == "nb-7 eth0")

            // The address goes on the laptop's interface; the lookup answers by IP and by MAC.
            let address = try await api.call(.POST, "/api/v1/ip/addresses", ["address": "10.10.8.23/22", "status": "dhcp"])
            let addressID = try #require(address.json["id"] as? String)
            let configured = try await api.call(
                .PUT, "/api/v1/ip/addresses/\(addressID)/interface", ["interfaceId": nic], headers: ["If-Match": "\"1\""])
            #expect(configured.status == .ok)
            let found = try await api.call(.GET, "/api/v1/network/lookup?q=10.10.8.23").json
            #expect((found["device"] as? [String: Any])?["tag"] as? String == "NB-7")
            #expect((found["interface"] as? [String: Any])?["label"] as? String == "nb-7 eth0")
            #expect(((found["trace"] as? [String: Any])?["hops"] as? [Any])?.count == 3)
            let byMAC = try await api.call(.GET, "/api/v1/network/lookup?q=3C-52-82-00-00-14").json
            #expect((byMAC["address"] as? [String: Any])?["address"] as? String == "10.10.8.23")
            #expect(try await api.call(.GET, "/api/v1/network/lookup?q=laptop").status == .unprocessableEntity)

            // Taking out the patch cable leaves the path open at the panel's front.
            let cables = try await api.call(.GET, "/api/v1/cables").jsonArray
            let c3 = try #require(cables.first { $0["label"] as? String == "C-3" }?["id"] as? String)
            #expect(try await api.call(.DELETE, "/api/v1/cables/\(c3)").status == .noContent)
            let open = try await api.call(.GET, "/api/v1/interfaces/\(nic)/trace").json
            #expect(open["end"] as? String == "open")
            #expect(open["farInterface"] as? String == "pp1 14")
            #expect(try await AuditEntry.query(on: app.app.db).filter(\.$action == "cable.delete").count() == 1)

            let (_, employee) = try await app.token(.employee)
            #expect(try await APIClient(app, token: employee).call(.GET, "/api/v1/network/lookup?q=10.10.8.23").status == .forbidden)
            let (_, executive) = try await app.token(.executive)
            #expect(try await APIClient(app, token: executive).call(.POST, "/api/v1/cables", ["label": "x"]).status == .forbidden)
        }
    }

    @Test("Racks: devices mount on free units only, concurrent changes are refused, and the elevation shows them")
    func racks() async throws {
        try await TestApp.with { app in
            let plant = try await plant(app)
            let (_, token) = try await app.token(.itManager)
            let api = APIClient(app, token: token)
            let site = try #require(try await Site.query(on: app.app.db).first())
            let rack = try await api.call(.POST, "/api/v1/racks", ["siteId": site.id!.uuidString, "name": "R1", "heightU": 12])
            #expect(rack.status == .created)
            let id = try #require(rack.json["id"] as? String)
            let first = try await api.call(
                .POST, "/api/v1/racks/\(id)/placements", ["assetTag": "SW-1", "position": 10, "heightU": 1], headers: ["If-Match": "\"1\""])
            #expect(first.status == .ok)
            let overlap = try await api.call(
                .POST, "/api/v1/racks/\(id)/placements", ["assetTag": "PP-1", "position": 9, "heightU": 2], headers: ["If-Match": "\"2\""])
            #expect(overlap.body.contains("rack_space_taken"))
            let tooHigh = try await api.call(
                .POST, "/api/v1/racks/\(id)/placements", ["assetTag": "PP-1", "position": 12, "heightU": 2], headers: ["If-Match": "\"2\""])
            #expect(tooHigh.body.contains("out_of_range"))
            let stale = try await api.call(
                .POST, "/api/v1/racks/\(id)/placements", ["assetTag": "PP-1", "position": 11, "heightU": 1], headers: ["If-Match": "\"1\""])
            #expect(stale.status == .preconditionFailed)
            let second = try await api.call(
                .POST, "/api/v1/racks/\(id)/placements", ["assetTag": "PP-1", "position": 11, "heightU": 1], headers: ["If-Match": "\"2\""])
            #expect(second.json["freeUnits"] as? [Int] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 12])
            let audit = try #require(
                try await AuditEntry.query(on: app.app.db).filter(\.$action == "rack.place").sort(\.$id, .descending).first())
            #expect(audit.changes?["placements"]?.after == "U10–10 SW-1; U11–11 PP-1")

            let browser = try await app.signedIn(.technician, language: .et)
            let page = try await browser.get("/network/racks/\(id)")
            #expect(page.body.contains("<svg class=\"rack\""))
            #expect(page.body.contains("SW-1 access-sw1"))
            #expect(page.body.contains("Vabad ühikud"))
            let refused = try await browser.submit(
                "/network/racks/\(id)/placements", ["assetTag": "NB-7", "position": "10", "heightU": "1", "version": "3"],
                from: "/network/racks/\(id)")
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("Mõnda neist räki ühikutest kasutab juba teine seade"))
            _ = plant
        }
    }

    @Test("In the browser: an interface added on the asset's page, cabled from its own page, and the lookup page showing the path")
    func pages() async throws {
        try await TestApp.with { app in
            let plant = try await plant(app)
            let browser = try await app.signedIn(.technician, language: .de)
            let assetPage = "/hardware/\(plant.laptop.id!.uuidString)"
            let bad = try await browser.submit(
                assetPage + "/interfaces", ["name": "eth0", "kind": "ethernet", "mac": "zz"], from: assetPage)
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains("Keine MAC-Adresse"))
            let added = try await browser.submit(
                assetPage + "/interfaces", ["name": "eth0", "kind": "ethernet", "mac": "3c:52:82:00:00:14"], from: assetPage)
            #expect(added.status == .seeOther)
            let interfacePath = try #require(added.headers.first(name: .location)?.split(separator: "?").first.map(String.init))
            _ = try await CablingService(app: app.app, actor: .system).createInterface(.init(assetTag: "SW-1", name: "Gi1/0/14"))
            let missing = try await browser.submit(
                interfacePath + "/cable", ["bDevice": "SW-9", "bInterface": "Gi1/0/14", "bSide": "port", "label": "K-1", "kind": "cat6"],
                from: interfacePath)
            #expect(missing.status == .unprocessableEntity)
            #expect(missing.body.contains("Dieser Datensatz existiert nicht"))
            let connected = try await browser.submit(
                interfacePath + "/cable",
                [
                    "bDevice": "sw-1", "bInterface": "Gi1/0/14", "bSide": "port", "label": "K-1", "kind": "cat6", "length": "2,5",
                    "colour": "blau",
                ],
                from: interfacePath)
            #expect(connected.status == .seeOther)
            _ = try await IPAMService(app: app.app, actor: .system).createAddress(.init(address: "10.10.8.23/22"))
            #expect(
                try await browser.submit(interfacePath + "/address", ["address": "10.10.8.23"], from: interfacePath).status == .seeOther)
            let lookup = try await browser.get("/network/lookup?q=10.10.8.23")
            #expect(lookup.body.contains("NB-7 nb-7"))
            #expect(lookup.body.contains("<strong>K-1</strong>"))
            #expect(lookup.body.contains("2,50 m"))
            #expect(lookup.body.contains("Der Weg endet an access-sw1 Gi1/0/14."))
            #expect(try await browser.get("/network/lookup?q=10.99.0.1").body.contains("Unter dieser Adresse ist nichts erfasst"))
            let cables = try await browser.get("/network/cables")
            #expect(cables.body.contains("nb-7 eth0") && cables.body.contains("access-sw1 Gi1/0/14"))
            let employee = try await app.signedIn(.employee)
            #expect(try await employee.get("/network/lookup?q=10.10.8.23").status == .forbidden)
        }
    }

    @Test("The demo company: what is at a server's and a laptop's address, and which cable leads there")
    func demo() async throws {
        try await TestApp.with { app in
            let result = try CommandLine.run(["demo", "load", "--database", app.databaseURL, "--employees", "40"])
            #expect(result.status == 0, "\(result.error)")
            let server = try await NetworkLookup.find("10.10.1.10", on: app.app.db)
            #expect(server.device?.name == "srv1.tll")
            #expect(server.device?.rack == "R1 U20")
            #expect(server.prefix == "10.10.1.0/24")
            #expect(server.trace?.farInterface == "core-sw.tll Te1/1/1")
            let desk = try await NetworkLookup.find("10.30.8.23", on: app.app.db)
            #expect(desk.trace?.hops.map(\.cable) == ["STO-0005", "STO-0006", "STO-0007"])
            #expect(desk.trace?.hops[1].to.label == "pp1.sto 14")
            #expect(desk.trace?.farInterface == "access-sw1.sto Gi1/0/14")
            #expect(desk.device?.holder != nil)
            // The same answer on the command line.
            let printed = try CommandLine.run(["ip", "lookup", "--database", app.databaseURL, "10.30.8.23"])
            #expect(printed.status == 0, "\(printed.error)")
            #expect(printed.output.contains("prefix     10.30.8.0/22"))
            #expect(printed.output.contains("cable      pp1.sto 14 —STO-0007→ access-sw1.sto Gi1/0/14"))
            #expect(printed.output.contains("ends at    access-sw1.sto Gi1/0/14"))
            #expect(try CommandLine.run(["ip", "lookup", "--database", app.databaseURL, "10.99.9.9"]).status == 1)
            #expect(try CommandLine.run(["ip", "lookup", "--database", app.databaseURL, "printer"]).status == 1)
            #expect(try CommandLine.run(["audit", "verify", "--database", app.databaseURL]).status == 0)
        }
    }
}
