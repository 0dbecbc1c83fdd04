import Domain
import Fluent
import Foundation
import Testing
import Vapor

@testable import App

@Suite("Evaluations", .serialized)
struct EvaluationTests {
    @Test("Through the API: weighted criteria and price scores rank the candidates; the decision is kept and links what was bought")
    func throughAPI() async throws {
        try await TestApp.with { app in
            let assets = AssetService(app: app.app, actor: .system)
            let thinkpad = try await assets.createModel(.init(manufacturer: "Lenovo", name: "ThinkPad T14 Gen 5", type: "laptop"))
            let (_, token) = try await app.token(.itManager)
            let api = APIClient(app, token: token, acceptLanguage: "et")
            let created = try await api.call(.POST, "/api/v1/evaluations", ["title": "Laptops for sales", "need": "30 laptops, light"])
            #expect(created.status == .created)
            let id = try #require(created.json["id"] as? String)
            var version = 1
            func change(_ method: HTTPMethod, _ path: String, _ body: Any?) async throws -> TestResponse {
                let response = try await api.call(method, path, body, headers: ["If-Match": "\"\(version)\""])
                if let next = response.json["version"] as? Int { version = next }
                return response
            }
            for (name, kind, weight) in [("Build quality", "scored", 50), ("Battery life", "scored", 20), ("Price", "price", 30)] {
                #expect(
                    try await change(.POST, "/api/v1/evaluations/\(id)/criteria", ["name": name, "kind": kind, "weight": weight]).status
                        == .created)
            }
            #expect(
                try await change(.POST, "/api/v1/evaluations/\(id)/criteria", ["name": "Colour", "weight": 0]).status
                    == .unprocessableEntity)
            let withModel = try await change(
                .POST, "/api/v1/evaluations/\(id)/candidates",
                ["assetModelId": thinkpad.id!.uuidString, "price": ["minorUnits": 130_000, "currency": "EUR"]])
            #expect((withModel.json["candidates"] as? [[String: Any]])?.first?["name"] as? String == "Lenovo ThinkPad T14 Gen 5")
            _ = try await change(
                .POST, "/api/v1/evaluations/\(id)/candidates",
                ["name": "Latitude 5440", "price": ["minorUnits": 104_000, "currency": "EUR"]])
            let current = try await api.call(.GET, "/api/v1/evaluations/\(id)").json
            let criteria = try #require(current["criteria"] as? [[String: Any]]).map { $0["id"] as! String }
            let candidates = try #require(current["candidates"] as? [[String: Any]])
            let idOf = { (name: String) in candidates.first { ($0["name"] as? String)?.contains(name) == true }!["id"] as! String }
            let (lenovo, dell) = (idOf("ThinkPad"), idOf("Latitude"))
            let scores: [[String: Any]] = [
                ["candidateId": lenovo, "criterionId": criteria[0], "score": 9],
                ["candidateId": lenovo, "criterionId": criteria[1], "score": 8],
                ["candidateId": dell, "criterionId": criteria[0], "score": 7],
                ["candidateId": dell, "criterionId": criteria[1], "score": 9],
            ]
            let scored = try await change(.PUT, "/api/v1/evaluations/\(id)/scores", ["scores": scores])
            #expect(scored.status == .ok)
            // ThinkPad 50×9 + 20×8 + 30×8 = 850; Latitude 50×7 + 20×9 + 30×10 = 830.
            let ranked = try #require(scored.json["candidates"] as? [[String: Any]])
            #expect(ranked.map { $0["totalHundredths"] as? Int } == [850, 830])
            #expect(ranked.map { $0["id"] as? String } == [lenovo, dell])
            let tooHigh = try await change(
                .PUT, "/api/v1/evaluations/\(id)/scores", ["scores": [["candidateId": dell, "criterionId": criteria[0], "score": 11]]])
            #expect(tooHigh.status == .unprocessableEntity)
            #expect(tooHigh.body.contains("vahemikust"))  // Estonian: out of range
            let stale = try await api.call(.PATCH, "/api/v1/evaluations/\(id)", ["title": "x"], headers: ["If-Match": "\"1\""])
            #expect(stale.status == .preconditionFailed)

            #expect(
                try await change(.POST, "/api/v1/evaluations/\(id)/decision", ["candidateId": lenovo, "rationale": ""]).status
                    == .unprocessableEntity)
            let decided = try await change(
                .POST, "/api/v1/evaluations/\(id)/decision", ["candidateId": lenovo, "rationale": "Best score; same docks as today"])
            #expect(decided.json["chosenCandidateId"] as? String == lenovo)
            let locked = try await change(.POST, "/api/v1/evaluations/\(id)/criteria", ["name": "Weight", "weight": 10])
            #expect(locked.body.contains("evaluation_decided"))

            // What is bought of the chosen model from now on links back, and the model's evaluation can be found.
            let bought = try await assets.create(.init(tag: "NB-900", modelID: thinkpad.id, purchaseDate: "2026-11-20"))
            _ = try await assets.create(.init(tag: "NB-100", modelID: thinkpad.id, purchaseDate: "2025-01-10"))
            #expect(try await api.call(.GET, "/api/v1/evaluations/\(id)").json["boughtAssetTags"] as? [String] == ["NB-900"])
            let found = try await api.call(.GET, "/api/v1/evaluations?model=\(thinkpad.id!.uuidString)").jsonArray
            #expect(found.map { $0["title"] as? String } == ["Laptops for sales"])
            #expect(try await api.call(.GET, "/api/v1/evaluations?model=\(UUID().uuidString)").jsonArray.isEmpty)
            let page = try await app.signedIn(.technician).get("/hardware/\(bought.id!.uuidString)")
            #expect(page.body.contains("href=\"/evaluations/\(id)\">Laptops for sales</a>"))

            // Every change is one audit entry with the scores before and after.
            let entries = try await AuditEntry.query(on: app.app.db).filter(\.$entityID == id).all()
            #expect(entries.map(\.action).filter { $0 == "evaluation.update" }.count == 6)
            let scoring = try #require(entries.first { $0.changes?["scores"]?.after?.contains("Build quality 9") == true })
            #expect(scoring.changes?["scores"]?.before?.contains("Build quality 9") == false)
            #expect(
                entries.contains {
                    $0.action == "evaluation.decide" && $0.changes?["rationale"]?.after == "Best score; same docks as today"
                })

            let (_, executive) = try await app.token(.executive)
            #expect(try await APIClient(app, token: executive).call(.GET, "/api/v1/evaluations").status == .forbidden)
        }
    }

    @Test("In the browser, in German: criteria, candidates, the score matrix and the decision, one form each")
    func pages() async throws {
        try await TestApp.with { app in
            let browser = try await app.signedIn(.itManager, language: .de)
            let started = try await browser.submit("/evaluations", ["title": "Firewall für Hamburg"], from: "/evaluations")
            #expect(started.status == .seeOther)
            let path = try #require(started.headers.first(name: .location)?.split(separator: "?").first.map(String.init))
            let id = try #require(UUID(uuidString: String(path.split(separator: "/").last!)))
            func version() async throws -> String { String(try await Evaluation.find(id, on: app.app.db)!.version) }
            #expect(
                try await browser.submit(
                    path + "/criteria", ["name": "Durchsatz", "kind": "scored", "weight": "60", "version": try await version()], from: path
                ).status == .seeOther)
            #expect(
                try await browser.submit(
                    path + "/criteria", ["name": "Preis", "kind": "price", "weight": "40", "version": try await version()], from: path
                ).status == .seeOther)
            let noWeight = try await browser.submit(
                path + "/criteria", ["name": "Support", "kind": "scored", "weight": "", "version": try await version()], from: path)
            #expect(noWeight.status == .unprocessableEntity)
            #expect(noWeight.body.contains("Dieses Feld ist erforderlich"))
            for (name, price) in [("Fortigate 60F", "1 100,00"), ("Sophos XGS 116", "990,00")] {
                let added = try await browser.submit(
                    path + "/candidates", ["name": name, "price": price, "currency": "EUR", "version": try await version()], from: path)
                #expect(added.status == .seeOther)
            }
            let detail = try await EvaluationService.detail(id, on: app.app.db)
            let throughput = detail.criteria.first { $0.name == "Durchsatz" }!.id!
            var fields = ["version": try await version()]
            for candidate in detail.candidates {
                fields["s_\(candidate.id!)_\(throughput)"] = candidate.name.hasPrefix("Fortigate") ? "9" : "6"
            }
            #expect(try await browser.submit(path + "/scores", fields, from: path).status == .seeOther)
            let bad = try await browser.submit(
                path + "/scores", fields.merging(["version": try await version(), fields.keys.first { $0 != "version" }!: "neun"]) { $1 },
                from: path)
            #expect(bad.status == .unprocessableEntity)
            let page = try await browser.get(path)
            // Fortigate: 60×9 + 40×9 (990/1100) = 900 → 9,00; Sophos: 60×6 + 40×10 = 760 → 7,60.
            #expect(page.body.contains("1. 9,00"))
            #expect(page.body.contains("2. 7,60"))
            #expect(page.body.contains("<svg class=\"ranking\""))
            let fortigate = detail.candidates.first { $0.name.hasPrefix("Fortigate") }!.id!
            let decided = try await browser.submit(
                path + "/decision",
                ["candidateId": fortigate.uuidString, "rationale": "Höchste Punktzahl", "version": try await version()], from: path)
            #expect(decided.status == .seeOther)
            let after = try await browser.get(path)
            #expect(after.body.contains("Entschieden von"))
            #expect(!after.body.contains("/evaluations/\(id)/criteria"))  // no more forms once decided
            let employee = try await app.signedIn(.employee)
            #expect(try await employee.get(path).status == .forbidden)
            #expect(try await employee.get("/evaluations").status == .forbidden)
        }
    }

    @Test("The demo company documents how it chose its laptop, and the laptops bought since link back")
    func demo() async throws {
        try await TestApp.with { app in
            let result = try CommandLine.run(["demo", "load", "--database", app.databaseURL, "--employees", "40"])
            #expect(result.status == 0, "\(result.error)")
            let evaluation = try #require(try await Evaluation.query(on: app.app.db).first())
            let detail = try await EvaluationService.detail(evaluation.id!, on: app.app.db)
            #expect(detail.ranking.entries.first?.candidateID == evaluation.chosenCandidateID)
            #expect(detail.ranking.entries.map(\.total) == [885, 870, 795])
            let bought = try await EvaluationService.bought(detail, on: app.app.db)
            #expect(!bought.isEmpty)
            let model = try await AssetModel.query(on: app.app.db).filter(\.$name == "ThinkPad T14 Gen 4").first()!
            #expect(bought.allSatisfy { $0.modelID == model.id })
            #expect(try CommandLine.run(["audit", "verify", "--database", app.databaseURL]).status == 0)
        }
    }
}
