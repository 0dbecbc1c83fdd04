import Domain
import Fluent
import Foundation
import Testing
import Vapor

@testable import App

@Suite("Vendors, contracts and deadlines", .serialized)
struct ContractTests {
    @Test("A contract's terms are checked; covered assets are linked by tag and their changes audited")
    func contracts() async throws {
        try await TestApp.with { app in
            let service = ContractService(app: app.app, actor: .system)
            let vendor = try await service.createVendor(.init(name: "Telia", accountNumber: "K-1001", contactEmail: "B2B@Telia.example"))
            #expect(vendor.contactEmail == "b2b@telia.example")
            #expect(await fieldErrors { try await service.createVendor(.init(name: "telia")) } == [FieldError(field: "name", code: .taken)])
            let assets = AssetService(app: app.app, actor: .system)
            let model = try await assets.createModel(.init(manufacturer: "Cisco", name: "C9200L", type: "switch"))
            _ = try await assets.create(.init(tag: "SW-1", modelID: model.id))
            _ = try await assets.create(.init(tag: "SW-2", modelID: model.id))
            #expect(
                await fieldErrors {
                    try await service.createContract(
                        .init(
                            vendorID: vendor.id, title: "", kind: "barter", startDate: "2026-02-30", noticeValue: 3, noticeUnit: nil,
                            billingPeriod: "weekly"))
                } == [
                    FieldError(field: "title", code: .required), FieldError(field: "kind", code: .invalid),
                    FieldError(field: "billingPeriod", code: .invalid), FieldError(field: "startDate", code: .dateInvalid),
                    FieldError(field: "noticeUnit", code: .required),
                ])
            #expect(
                await fieldErrors {
                    try await service.createContract(
                        .init(vendorID: vendor.id, title: "Support", kind: "support", startDate: "2026-01-01", autoRenews: true))
                } == [FieldError(field: "endDate", code: .required)])
            #expect(
                await fieldErrors {
                    try await service.createContract(
                        .init(vendorID: vendor.id, title: "Support", kind: "support", startDate: "2026-01-01", assetTags: ["sw-1", "SW-9"]))
                } == [FieldError(field: "assetTags", code: .notFound, value: "SW-9")])
            let contract = try await service.createContract(
                .init(
                    vendorID: vendor.id, title: "Switch support", kind: "support", startDate: "2025-02-01", endDate: "2026-01-31",
                    noticeValue: 3, noticeUnit: "months", autoRenews: true, cost: Money(minorUnits: 49_900, currency: .eur),
                    billingPeriod: "monthly", assetTags: ["sw-1"]))
            #expect(try await ContractService.assets(of: contract.id!, on: app.app.db).map(\.tag) == ["SW-1"])
            _ = try await service.updateContract(
                contract.id!, expectedVersion: 1,
                .init(
                    vendorID: vendor.id, title: "Switch support", kind: "support", startDate: "2025-02-01", endDate: "2026-01-31",
                    noticeValue: 3, noticeUnit: "months", autoRenews: true, cost: Money(minorUnits: 49_900, currency: .eur),
                    billingPeriod: "monthly", assetTags: ["SW-1", "sw-2"]))
            #expect(try await ContractService.assets(of: contract.id!, on: app.app.db).map(\.tag) == ["SW-1", "SW-2"])
            let update = try #require(try await AuditEntry.query(on: app.app.db).filter(\.$action == "contract.update").first())
            #expect(update.changes?["assets"] == AuditChange(before: "SW-1", after: "SW-1, SW-2"))
        }
    }

    @Test("Through the API: notice deadlines roll with renewal, a decision is kept for its term, and the deadlines list shows both")
    func deadlinesThroughAPI() async throws {
        try await TestApp.with { app in
            // The test clock stands at 2026-11-18 (Europe/Tallinn is the default zone).
            let (_, token) = try await app.token(.itManager)
            let api = APIClient(app, token: token, acceptLanguage: "sv")
            let vendor = try await api.call(.POST, "/api/v1/vendors", ["name": "Elisa", "accountNumber": "EE-77"])
            #expect(vendor.status == .created)
            let vendorID = try #require(vendor.json["id"] as? String)
            // Auto-renewing yearly, 30 days' notice to 31 December: notice by 1 December 2026.
            let saas = try await api.call(
                .POST, "/api/v1/contracts",
                [
                    "vendorId": vendorID, "title": "Office 365", "kind": "saas", "startDate": "2024-01-01", "endDate": "2024-12-31",
                    "noticeValue": 30, "noticeUnit": "days", "autoRenews": true, "cost": ["minorUnits": 1_250, "currency": "EUR"],
                    "billingPeriod": "monthly",
                ])
            #expect(saas.status == .created)
            #expect(saas.json["currentEnd"] as? String == "2026-12-31")
            #expect(saas.json["noticeDeadline"] as? String == "2026-12-01")
            #expect((saas.json["costPerYear"] as? [String: Any])?["minorUnits"] as? Int == 15_000)
            let saasID = try #require(saas.json["id"] as? String)
            // A fixed lease ending in January; and one far away that does not show within 90 days.
            _ = try await api.call(
                .POST, "/api/v1/contracts",
                ["vendorId": vendorID, "title": "Printer lease", "kind": "lease", "startDate": "2023-02-01", "endDate": "2027-01-31"])
            _ = try await api.call(
                .POST, "/api/v1/contracts",
                ["vendorId": vendorID, "title": "Fibre", "kind": "telecom", "startDate": "2025-01-01", "endDate": "2029-12-31"])
            // A laptop whose warranty ends next week.
            let service = AssetService(app: app.app, actor: .system)
            let model = try await service.createModel(.init(manufacturer: "Dell", name: "Latitude 5440", type: "laptop"))
            _ = try await service.create(.init(tag: "NB-1", modelID: model.id, purchaseDate: "2023-11-25", warrantyEnd: "2026-11-25"))

            let list = try await api.call(.GET, "/api/v1/deadlines").jsonArray
            #expect(list.map { $0["subject"] as? String } == ["NB-1 Dell Latitude 5440", "Office 365", "Printer lease"])
            #expect(list.map { $0["kind"] as? String } == ["warranty_end", "notice", "contract_end"])
            #expect(list.map { $0["daysLeft"] as? Int } == [7, 13, 74])
            #expect(try await api.call(.GET, "/api/v1/deadlines?days=2000").status == .unprocessableEntity)

            let decided = try await api.call(
                .POST, "/api/v1/contracts/\(saasID)/decision", ["decision": "renegotiate", "note": "ask for the nonprofit price"],
                headers: ["If-Match": "\"1\""])
            #expect(decided.status == .ok)
            #expect((decided.json["decision"] as? [String: Any])?["forTermEnding"] as? String == "2026-12-31")
            #expect(try await api.call(.GET, "/api/v1/deadlines").jsonArray[1]["decision"] as? String == "renegotiate")
            let bad = try await api.call(
                .POST, "/api/v1/contracts/\(saasID)/decision", ["decision": "ignore"], headers: ["If-Match": "\"2\""])
            #expect(bad.status == .unprocessableEntity)
            let stale = try await api.call(
                .POST, "/api/v1/contracts/\(saasID)/decision", ["decision": "cancel"], headers: ["If-Match": "\"1\""])
            #expect(stale.status == .preconditionFailed)

            // Two weeks later the December deadline has passed: notice now ends the contract a year later, and the
            // decision taken for December no longer counts.
            app.clock.advance(14 * 86_400)
            let later = try await api.call(.GET, "/api/v1/contracts/\(saasID)").json
            #expect(later["noticeDeadline"] as? String == "2027-12-01")
            #expect(
                try await api.call(.GET, "/api/v1/deadlines?days=400").jsonArray.first { $0["subject"] as? String == "Office 365" }?[
                    "decision"] == nil)

            let (_, employeeToken) = try await app.token(.employee)
            #expect(try await APIClient(app, token: employeeToken).call(.GET, "/api/v1/deadlines").status == .forbidden)
        }
    }

    @Test("In the browser an IT manager records a vendor and a contract in Swedish, sees its deadline and records a decision")
    func pages() async throws {
        try await TestApp.with { app in
            let browser = try await app.signedIn(.itManager, language: .sv)
            let localizer = app.app.services.localizer
            #expect(
                try await browser.submit("/vendors", ["name": "Atea", "contactEmail": "not an address"], from: "/vendors").status
                    == .unprocessableEntity)
            #expect(try await browser.submit("/vendors", ["name": "Atea", "accountNumber": "A-9"], from: "/vendors").status == .seeOther)
            let vendor = try #require(try await Vendor.query(on: app.app.db).first())
            let refused = try await browser.submit(
                "/contracts",
                ["vendorId": vendor.id!.uuidString, "title": "Backup", "kind": "saas", "startDate": "2026-01-01", "cost": "12,5x"],
                from: "/contracts/new")
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("id=\"cost-error\">\(localizer.text("validation.invalid", .sv))"))
            let created = try await browser.submit(
                "/contracts",
                [
                    "vendorId": vendor.id!.uuidString, "title": "Backup", "kind": "saas", "startDate": "2026-01-01",
                    "endDate": "2026-12-31",
                    "noticeValue": "1", "noticeUnit": "months", "autoRenews": "on", "renewalMonths": "12", "cost": "1 200,00",
                    "currency": "SEK", "billingPeriod": "yearly",
                ], from: "/contracts/new")
            #expect(created.status == .seeOther)
            let contract = try #require(try await Contract.query(on: app.app.db).first())
            #expect(contract.cost == Money(minorUnits: 120_000, currency: .sek))
            let detail = try await browser.get("/contracts/\(contract.id!)")
            #expect(detail.body.contains("2026-11-30") && detail.body.contains(localizer.text("contract.decide", .sv)))
            let deadlines = try await browser.get("/deadlines")
            #expect(deadlines.body.contains("Backup") && deadlines.body.contains(localizer.text("deadline.notice", .sv)))
            let decided = try await browser.submit(
                "/contracts/\(contract.id!)/decision", ["decision": "cancel", "note": "moving to another provider", "version": "1"],
                from: "/contracts/\(contract.id!)")
            #expect(decided.status == .seeOther)
            #expect(try await browser.get("/deadlines").body.contains(localizer.text("contract.decision.cancel", .sv)))
            let technician = try await app.signedIn(.technician)
            #expect(try await technician.get("/contracts").status == .ok)
            let employee = try await app.signedIn(.employee)
            #expect(try await employee.get("/contracts").status == .forbidden)
        }
    }
}
