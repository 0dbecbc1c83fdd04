import Domain
import Fluent
import Foundation
import Testing
import Vapor

@testable import App

@Suite("Custom fields per asset type", .serialized)
struct CustomFieldTests {
    @Test("Defined per type; values checked by kind, stored normalised, searchable, exported and imported, shown and edited")
    func endToEnd() async throws {
        try await TestApp.with { app in
            let org = try await SmallOrganisation.make(app)
            let service = AssetService(app: app.app, actor: .system)
            let model = try await service.createModel(.init(manufacturer: "Lenovo", name: "T14", type: "laptop"))
            let laptop = try await service.create(.init(tag: "LT-1", modelID: model.id, siteID: org.site.id))
            let (_, token) = try await app.token(.technician)
            let api = APIClient(app, token: token)
            let colour = try await api.call(
                .POST, "/api/v1/custom-fields",
                ["assetType": "laptop", "key": "colour", "label": "Colour", "kind": "choice", "choices": ["Black", "Silver"]])
            #expect(colour.status == .created, "\(colour.body)")
            #expect(
                try await api.call(
                    .POST, "/api/v1/custom-fields", ["assetType": "monitor", "key": "screen_size", "label": "Screen", "kind": "number"]
                )
                .status == .created)
            let twice = try await api.call(
                .POST, "/api/v1/custom-fields", ["assetType": "laptop", "key": "colour", "label": "Again", "kind": "text"])
            #expect(twice.status == .unprocessableEntity && twice.body.contains("taken"))
            let badKey = try await api.call(
                .POST, "/api/v1/custom-fields", ["assetType": "laptop", "key": "Screen Size", "label": "X", "kind": "text"])
            #expect(badKey.status == .unprocessableEntity && badKey.body.contains("\"key\""))
            let (_, employee) = try await app.token(.employee)
            #expect(
                try await APIClient(app, token: employee).call(
                    .POST, "/api/v1/custom-fields", ["assetType": "laptop", "key": "x", "label": "X", "kind": "text"]
                )
                .status == .forbidden)

            // Values: a choice matched without regard to case; another type's field, or a value the kind refuses, is refused.
            let set = try await api.call(
                .PATCH, "/api/v1/assets/\(laptop.id!)", ["customFields": ["colour": "silver"]], headers: ["If-Match": "\"1\""])
            #expect(set.status == .ok, "\(set.body)")
            #expect((set.json["customFields"] as? [String: String]) == ["colour": "Silver"])
            let gold = try await api.call(
                .PATCH, "/api/v1/assets/\(laptop.id!)", ["customFields": ["colour": "Gold"]], headers: ["If-Match": "\"2\""])
            #expect(gold.status == .unprocessableEntity && gold.body.contains("custom.colour"))
            let other = try await api.call(
                .PATCH, "/api/v1/assets/\(laptop.id!)", ["customFields": ["screen_size": "27"]], headers: ["If-Match": "\"2\""])
            #expect(other.status == .unprocessableEntity && other.body.contains("custom.screen_size"))
            let audit = try #require(try await AuditEntry.query(on: app.app.db).filter(\.$action == "asset.update").first())
            #expect(audit.changes?["custom.colour"]?.after == "Silver")

            // The search finds the value; the export carries it; an import changes it.
            let found = try await api.call(.GET, "/api/v1/search?q=silver").json
            #expect((found["assets"] as? [[String: Any]])?.map { $0["tag"] as? String } == ["LT-1"])
            let exported = try await api.call(.GET, "/api/v1/assets/export").body
            #expect(
                exported.hasPrefix("tag,") && exported.contains(",custom.colour,custom.screen_size\r\n")
                    && exported.contains(",Silver,\r\n"))
            let file = "tag,custom.colour\r\nLT-1,black\r\n"
            let imported = try await api.raw(.POST, "/api/v1/assets/import?commit=true", body: file, contentType: "text/csv")
            #expect(imported.status == .ok && imported.json["updated"] as? Int == 1, "\(imported.body)")
            #expect(try await Asset.find(laptop.id, on: app.app.db)?.customValues == ["colour": "Black"])
            let refused = try await api.raw(
                .POST, "/api/v1/assets/import?commit=true", body: "tag,custom.colour\r\nLT-1,gold\r\n", contentType: "text/csv")
            #expect((refused.json["errors"] as? [[String: Any]])?.first?["column"] as? String == "custom.colour")

            // The page shows the field under its label, and the form edits it.
            let browser = try await app.signedIn(.technician, language: .de)
            let page = try await browser.get("/hardware/\(laptop.id!)")
            #expect(page.body.contains("<dt>Colour</dt><dd>Black</dd>"))
            let form = try await browser.get("/hardware/\(laptop.id!)/edit")
            #expect(form.body.contains("name=\"custom.colour\""))
            let current = try #require(try await Asset.find(laptop.id, on: app.app.db))
            let saved = try await browser.submit(
                "/hardware/\(laptop.id!)",
                [
                    "tag": "LT-1", "name": "", "modelId": model.id!.uuidString, "siteId": org.site.id!.uuidString, "currency": "EUR",
                    "custom.colour": "Silver", "version": String(current.version),
                ], from: "/hardware/\(laptop.id!)/edit")
            #expect(saved.status == .seeOther || saved.status == .ok, "\(saved.status)")
            #expect(try await Asset.find(laptop.id, on: app.app.db)?.customValues == ["colour": "Silver"])
            let fields = try await browser.get("/hardware/fields")
            #expect(fields.body.contains("Eigene Felder") && fields.body.contains("<code>screen_size</code>"))
            let wrong = try await browser.submit(
                "/hardware/fields", ["assetType": "laptop", "key": "1x", "label": "X", "kind": "text"], from: "/hardware/fields")
            #expect(wrong.status == .unprocessableEntity && wrong.body.contains("field-error"))
        }
    }

    @Test("A field's label and choices change, but a choice assets hold stays and a field with values stays; stale edits are refused")
    func editAndRemove() async throws {
        try await TestApp.with { app in
            let org = try await SmallOrganisation.make(app)
            let service = AssetService(app: app.app, actor: .system)
            let model = try await service.createModel(.init(manufacturer: "Lenovo", name: "T14", type: "laptop"))
            let laptop = try await service.create(.init(tag: "LT-1", modelID: model.id, siteID: org.site.id))
            let (_, token) = try await app.token(.technician)
            let api = APIClient(app, token: token, acceptLanguage: "et")
            let colour = try await api.call(
                .POST, "/api/v1/custom-fields",
                ["assetType": "laptop", "key": "colour", "label": "Colour", "kind": "choice", "choices": ["Black", "Silver", "50%_grey"]])
            let id = try #require(colour.json["id"] as? String)
            let unused = try await api.call(
                .POST, "/api/v1/custom-fields", ["assetType": "laptop", "key": "dock", "label": "Dock", "kind": "text"])
            let unusedID = try #require(unused.json["id"] as? String)
            #expect(
                try await api.call(
                    .PATCH, "/api/v1/assets/\(laptop.id!)", ["customFields": ["colour": "Silver", "dock": "USB-C"]],
                    headers: ["If-Match": "\"1\""]
                ).status == .ok)
            // A monitor holding "Silver" in the monitors' own colour field does not count for the laptops' field.
            let monitorModel = try await service.createModel(.init(manufacturer: "Dell", name: "P2422H", type: "monitor"))
            let monitor = try await service.create(.init(tag: "MON-1", modelID: monitorModel.id, siteID: org.site.id))
            #expect(
                try await api.call(
                    .POST, "/api/v1/custom-fields",
                    ["assetType": "monitor", "key": "colour", "label": "Colour", "kind": "choice", "choices": ["Silver"]]
                ).status == .created)
            #expect(
                try await api.call(
                    .PATCH, "/api/v1/assets/\(monitor.id!)", ["customFields": ["colour": "Silver"]], headers: ["If-Match": "\"1\""]
                )
                .status == .ok)

            let renamed = try await api.call(
                .PATCH, "/api/v1/custom-fields/\(id)", ["label": "Lid colour", "choices": ["Silver", "Black", "Blue"]],
                headers: ["If-Match": "\"1\""])
            #expect(renamed.status == .ok, "\(renamed.body)")
            #expect(renamed.json["label"] as? String == "Lid colour")
            #expect(renamed.json["choices"] as? [String] == ["Silver", "Black", "Blue"])
            #expect(renamed.json["key"] as? String == "colour" && renamed.json["kind"] as? String == "choice")

            let dropped = try await api.call(.PATCH, "/api/v1/custom-fields/\(id)", ["choices": ["Black"]], headers: ["If-Match": "\"2\""])
            #expect(dropped.status == .unprocessableEntity)
            let reasons = (dropped.json["invalidParams"] as? [[String: Any]] ?? []).compactMap { $0["reason"] as? String }
            #expect(reasons == [app.app.services.localizer.text("validation.value_in_use", .et)])
            #expect(
                try await api.call(.PATCH, "/api/v1/custom-fields/\(id)", ["label": "X"], headers: ["If-Match": "\"1\""]).status
                    == .preconditionFailed)
            #expect(try await api.call(.DELETE, "/api/v1/custom-fields/\(id)").status == .unprocessableEntity)
            #expect(try await api.call(.DELETE, "/api/v1/custom-fields/\(unusedID)").status == .unprocessableEntity)

            let (_, employee) = try await app.token(.employee)
            #expect(
                try await APIClient(app, token: employee).call(
                    .PATCH, "/api/v1/custom-fields/\(id)", ["label": "X"], headers: ["If-Match": "\"2\""]
                )
                .status == .forbidden)
            #expect(try await APIClient(app, token: employee).call(.DELETE, "/api/v1/custom-fields/\(unusedID)").status == .forbidden)

            // In the browser: the asset gives up its values, then the choice goes and the field goes.
            #expect(
                try await api.call(
                    .PATCH, "/api/v1/assets/\(laptop.id!)", ["customFields": ["colour": "", "dock": ""]], headers: ["If-Match": "\"2\""]
                ).status == .ok)
            let browser = try await app.signedIn(.technician, language: .de)
            let path = "/hardware/fields/\(id)"
            let page = try await browser.get(path)
            #expect(page.status == .ok && page.formValue("label") == "Lid colour")
            let saved = try await browser.submit(path, ["label": "Deckelfarbe", "choices": "Black\nBlue", "version": "2"], from: path)
            #expect(saved.status == .seeOther)
            let stale = try await browser.submit(path, ["label": "Alt", "choices": "Black", "version": "2"], from: path)
            #expect(stale.status == .conflict && stale.body.contains(app.app.services.localizer.text("form.stale", .de)))
            let field = try #require(try await CustomField.find(UUID(uuidString: id)!, on: app.app.db))
            #expect(field.label == "Deckelfarbe" && field.choicesText == "Black\nBlue")
            #expect(try await browser.submit(path + "/remove", ["version": "3", "confirm": "yes"], from: path).status == .seeOther)
            #expect(try await api.call(.DELETE, "/api/v1/custom-fields/\(unusedID)", headers: ["If-Match": "\"1\""]).status == .noContent)
            #expect(try await app.count(CustomField.self) == 1)
            let trail = try await AuditEntry.query(on: app.app.db).filter(\.$entityID == id).all().map(\.action)
            #expect(trail.sorted() == ["custom_field.create", "custom_field.delete", "custom_field.update", "custom_field.update"])
        }
    }

    @Test("The new-asset form shows the chosen model's custom fields, keeps the others out of the submission, and saves the values")
    func newAssetForm() async throws {
        try await TestApp.with { app in
            let org = try await SmallOrganisation.make(app)
            let service = AssetService(app: app.app, actor: .system)
            let laptop = try await service.createModel(.init(manufacturer: "Lenovo", name: "T14", type: "laptop"))
            _ = try await service.createModel(.init(manufacturer: "Dell", name: "P2422H", type: "monitor"))
            let fields = CustomFieldService(app: app.app, actor: .system)
            _ = try await fields.create(
                .init(assetType: "laptop", key: "colour", label: "Lid colour", kind: "choice", choices: "Black\nSilver"))
            _ = try await fields.create(.init(assetType: "monitor", key: "panel", label: "Panel", kind: "text"))
            let browser = try await app.signedIn(.technician)

            let open = try await browser.get("/hardware/new")
            #expect(open.body.contains(#"<fieldset class="custom-fields" data-type="laptop"><legend>Fields for Laptop</legend>"#))
            #expect(open.body.contains(#"<fieldset class="custom-fields" data-type="monitor"><legend>"#))
            let chosen = try await browser.get("/hardware/new?modelId=\(laptop.id!)")
            #expect(chosen.body.contains(#"<fieldset class="custom-fields" data-type="laptop"><legend>"#))
            #expect(chosen.body.contains(#"<fieldset class="custom-fields" data-type="monitor" hidden disabled>"#))
            #expect(chosen.body.contains(#"data-type="laptop" selected>Lenovo T14</option>"#))

            let created = try await browser.submit(
                "/hardware",
                [
                    "tag": "LT-9", "modelId": laptop.id!.uuidString, "status": "in_stock", "siteId": org.site.id!.uuidString,
                    "currency": "EUR", "custom.colour": "silver",
                ], from: "/hardware/new")
            #expect(created.status == .seeOther)
            let asset = try #require(try await Asset.query(on: app.app.db).filter(\.$tag == "LT-9").first())
            #expect(asset.customValues == ["colour": "Silver"])
            let refused = try await browser.submit(
                "/hardware",
                ["tag": "LT-10", "modelId": laptop.id!.uuidString, "status": "in_stock", "currency": "EUR", "custom.colour": "Gold"],
                from: "/hardware/new")
            #expect(refused.status == .unprocessableEntity)
            #expect(
                refused.body.contains(
                    #"<span class="field-error" id="custom-laptop-colour-error">\#(app.app.services.localizer.text("validation.invalid", .en))</span>"#
                ))
            #expect(try await app.count(Asset.self) == 1)
        }
    }
}
