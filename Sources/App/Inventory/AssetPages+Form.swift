import Domain
import Fluent
import Foundation
import Vapor

/// The asset form: new, edit, create and update.
extension AssetPages {
    // MARK: Asset form

    struct Form: Content {
        var tag = ""
        var name = ""
        var serial = ""
        var imei = ""
        var modelId = ""
        var status = AssetStatus.inStock.rawValue
        var siteId = ""
        var roomId = ""
        var purchaseDate = ""
        var purchaseCost = ""
        var currency = ""
        var supplier = ""
        var orderNumber = ""
        var costCentreId = ""
        var warrantyEnd = ""
        var notes = ""
        /// The custom fields' values by key.
        var custom: [String: String] = [:]
        var version: Int?

        init() {}

        init(from decoder: any Decoder) throws {
            let form = try FormFields(decoder)
            (tag, name, serial, imei, modelId) = (form["tag"], form["name"], form["serial"], form["imei"], form["modelId"])
            (status, siteId, purchaseDate, purchaseCost) = (form["status"], form["siteId"], form["purchaseDate"], form["purchaseCost"])
            (currency, supplier, orderNumber, costCentreId) = (
                form["currency"], form["supplier"], form["orderNumber"], form["costCentreId"]
            )
            (roomId, warrantyEnd, notes, version) = (form["roomId"], form["warrantyEnd"], form["notes"], form.version)
            custom = form.fields(prefixed: "custom.")
        }

        init(_ asset: Asset) {
            (tag, name, serial, imei, modelId) = (asset.tag, asset.name, asset.serial ?? "", asset.imei ?? "", asset.modelID.uuidString)
            (status, siteId, purchaseDate) = (asset.statusRaw, asset.siteID?.uuidString ?? "", asset.purchaseDateText ?? "")
            roomId = asset.roomID?.uuidString ?? ""
            purchaseCost = asset.purchaseCost?.plainDecimal ?? ""
            currency = asset.purchaseCostCurrency ?? ""
            (supplier, orderNumber, costCentreId) = (asset.supplier, asset.orderNumber, asset.costCentreID?.uuidString ?? "")
            (warrantyEnd, notes, version) = (asset.warrantyEndText ?? "", asset.notes, asset.version)
            custom = asset.customValues
        }

        /// The service's input; the amount is read in the chosen currency.
        func input(defaultCurrency: String) throws(ValidationFailure) -> AssetService.AssetInput {
            var errors: [FieldError] = []
            let cost = MoneyField.read(
                purchaseCost, currency: currency, defaultCurrency: defaultCurrency, field: "purchaseCost", into: &errors)
            if !errors.isEmpty { throw ValidationFailure(errors) }
            return AssetService.AssetInput(
                tag: tag, name: name, serial: serial, imei: imei, modelID: UUID(uuidString: modelId), siteID: UUID(uuidString: siteId),
                roomID: UUID(uuidString: roomId), purchaseDate: purchaseDate, purchaseCost: cost, supplier: supplier,
                orderNumber: orderNumber,
                costCentreID: UUID(uuidString: costCentreId), warrantyEnd: warrantyEnd, notes: notes, customValues: custom)
        }
    }

    /// The new-asset form; `?modelId=` chooses the model (as the model list's links do), and with it the custom fields.
    func new(_ req: Request) async throws -> Response {
        var form = Form()
        form.modelId = (try? req.query.get(String.self, at: "modelId")) ?? ""
        return try await formPage(req, form, id: nil)
    }

    func edit(_ req: Request) async throws -> Response {
        guard let asset = try await Asset.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        return try await formPage(req, Form(asset), id: asset.id)
    }

    func create(_ req: Request) async throws -> Response {
        let form = try req.content.decode(Form.self)
        return try await req.submit {
            // An unknown status is refused, as the API refuses it, never quietly taken as "in stock" (issue 19).
            guard let status = form.status.isEmpty ? .inStock : AssetStatus(rawValue: form.status) else {
                throw ValidationFailure([FieldError(field: "status", code: .invalid)])
            }
            let defaultCurrency = try await OrganisationSettings.current(on: req.db).defaultCurrency
            let asset = try await service(req).create(try form.input(defaultCurrency: defaultCurrency), status: status)
            return req.redirect(to: Paths.hardwareAsset.path(asset.id!) + "?done=created", redirectType: .normal)
        } invalid: { failure in
            return try await formPage(req, form, id: nil, errors: failure, status: .unprocessableEntity)
        }
    }

    func update(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let form = try req.content.decode(Form.self)
        return try await req.submit {
            let defaultCurrency = try await OrganisationSettings.current(on: req.db).defaultCurrency
            _ = try await service(req).update(id, expectedVersion: form.version ?? 0, try form.input(defaultCurrency: defaultCurrency))
            return req.redirect(to: Paths.hardwareAsset.path(id) + "?done=saved", redirectType: .normal)
        } invalid: { failure in
            return try await formPage(req, form, id: id, errors: failure, status: .unprocessableEntity)
        } stale: {
            guard let fresh = try await Asset.find(id, on: req.db) else { throw AppError.notFound }
            return try await formPage(req, Form(fresh), id: id, stale: true, status: .conflict)
        }
    }
}
