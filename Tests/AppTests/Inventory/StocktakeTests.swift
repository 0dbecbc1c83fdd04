import Domain
import Fluent
import Foundation
import Testing
import Vapor

@testable import App

@Suite("Stocktake", .serialized)
struct StocktakeTests {
    @Test("Scanned tags are recorded as seen, with unknown and misplaced ones named; what is unseen for months is listed, never-seen first")
    func sightingsAndUnseen() async throws {
        try await TestApp.with { app in
            let structure = StructureService(app: app.app, actor: .system)
            let tallinn = try await structure.createSite(
                .init(name: "Tallinn", address: "Narva mnt 7", country: "EE", timeZone: "Europe/Tallinn"))
            let hamburg = try await structure.createSite(
                .init(name: "Hamburg", address: "Jungfernstieg 1", country: "DE", timeZone: "Europe/Berlin"))
            let assets = AssetService(app: app.app, actor: .system)
            let model = try await assets.createModel(.init(manufacturer: "Dell", name: "OptiPlex 7010", type: "workstation"))
            let one = try await assets.create(.init(tag: "QM-1", modelID: model.id, siteID: tallinn.id))
            _ = try await assets.create(.init(tag: "QM-2", modelID: model.id, siteID: hamburg.id))
            _ = try await assets.create(.init(tag: "QM-3", modelID: model.id, siteID: hamburg.id))
            let retired = try await assets.create(.init(tag: "QM-4", modelID: model.id, siteID: hamburg.id))
            _ = try await assets.move(retired.id!, expectedVersion: 1, .init(to: "retired", reason: "old"))

            let (_, token) = try await app.token(.technician)
            let api = APIClient(app, token: token)
            let recorded = try await api.call(
                .POST, "/api/v1/assets/sightings", ["tags": ["qm-1", "QM-2", "QM-2", "NOPE-9"], "siteId": hamburg.id!.uuidString])
            #expect(recorded.status == .ok)
            #expect(recorded.json["seen"] as? [String] == ["QM-1", "QM-2"])
            #expect(recorded.json["unknown"] as? [String] == ["NOPE-9"])
            #expect(recorded.json["elsewhere"] as? [String] == ["QM-1"])
            #expect(try await api.call(.POST, "/api/v1/assets/sightings", ["tags": []]).status == .unprocessableEntity)

            let now = try await api.call(.GET, "/api/v1/assets/unseen?months=6").json
            #expect(now["total"] as? Int == 1)
            #expect((now["items"] as? [[String: Any]])?.map { $0["tag"] as? String } == ["QM-3"])  // the retired one is not missed

            // Seven months on, the two seen then are due again, after the one never seen.
            app.clock.advance(7 * 31 * 86_400)
            let later = try await api.call(.GET, "/api/v1/assets/unseen?months=6").json
            #expect((later["items"] as? [[String: Any]])?.map { $0["tag"] as? String } == ["QM-3", "QM-1", "QM-2"])
            #expect(try await api.call(.GET, "/api/v1/assets/unseen?months=6&site=\(hamburg.id!.uuidString)").json["total"] as? Int == 2)
            #expect(try await api.call(.GET, "/api/v1/assets/unseen?months=100").status == .unprocessableEntity)
            let paged = try await api.call(.GET, "/api/v1/assets/unseen?months=6&limit=1&offset=1").json
            #expect((paged["items"] as? [[String: Any]])?.map { $0["tag"] as? String } == ["QM-1"])

            let history = try await AssetService.history(of: one.id!, on: app.app.db)
            #expect(history.first?.kind == .seen && history.first?.siteID == hamburg.id)
            #expect(try await AuditEntry.query(on: app.app.db).filter(\.$action == "asset.stocktake").count() == 1)

            let (_, employee) = try await app.token(.employee)
            #expect(try await APIClient(app, token: employee).call(.GET, "/api/v1/assets/unseen").status == .forbidden)
            let (_, executive) = try await app.token(.executive)
            #expect(
                try await APIClient(app, token: executive).call(.POST, "/api/v1/assets/sightings", ["tags": ["QM-1"]]).status == .forbidden)
        }
    }

    @Test("On the page, in Swedish: scanned tags recorded, the unknown named, and the asset's history shows the sighting")
    func page() async throws {
        try await TestApp.with { app in
            let assets = AssetService(app: app.app, actor: .system)
            let model = try await assets.createModel(.init(manufacturer: "HP", name: "EliteDesk", type: "workstation"))
            let asset = try await assets.create(.init(tag: "QM-10", modelID: model.id))
            _ = try await assets.create(.init(tag: "QM-11", modelID: model.id))
            let browser = try await app.signedIn(.itManager, language: .sv)
            let page = try await browser.get("/hardware/stocktake")
            #expect(page.body.contains("2 tillgångar i bruk inte sedda på 6 månader eller aldrig."))
            let done = try await browser.submit("/hardware/stocktake", ["tags": "qm-10\nXX-1\n"], from: "/hardware/stocktake")
            #expect(done.status == .ok)
            #expect(done.body.contains("1 tillgångar registrerade som sedda."))
            #expect(done.body.contains("Dessa inventarienummer finns inte: XX-1"))
            #expect(done.body.contains("1 tillgångar i bruk inte sedda"))
            #expect(try await browser.get("/hardware/\(asset.id!.uuidString)").body.contains("Sedd vid inventering"))
            let empty = try await browser.submit("/hardware/stocktake", ["tags": "  "], from: "/hardware/stocktake")
            #expect(empty.status == .unprocessableEntity)
        }
    }
}
