import Domain
import Fluent
import Foundation
import SQLKit
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

    /// A custom field on the form: its input, or for a choice its options.
    struct CustomInput: Encodable {
        let name: String
        let id: String
        let label: String
        let kind: String
        let value: String
        let choices: [Choice]
        let error: String?
    }

    /// A model on the form, with its type, so the page can show that type's custom fields as soon as it is chosen.
    struct ModelOption: Encodable {
        let value: String
        let label: String
        let selected: Bool
        let type: String
    }

    /// The custom fields of one asset type. Only the chosen model's type is shown and submitted; before a model is
    /// chosen every group shows (the page's script narrows them as the model changes).
    struct CustomGroup: Encodable {
        let type: String
        let label: String
        let inputs: [CustomInput]
        let hidden: Bool
    }

    struct FormContent: Encodable {
        let action: String
        let isNew: Bool
        let form: Form
        let models: [ModelOption]
        let sites: [Choice]
        /// Every room, named with its site ("Hamburg · Serverraum"); the service checks the room is at the chosen site.
        let rooms: [Choice]
        let costCentres: [Choice]
        let currencies: [Choice]
        let statuses: [Choice]
        let customGroups: [CustomGroup]
        let errors: [String: String]
        let stale: Bool
    }

    private func formPage(
        _ req: Request, _ form: Form, id: UUID?, errors: ValidationFailure? = nil, stale: Bool = false, status: HTTPStatus = .ok
    ) async throws -> Response {
        let lookups = try await AssetLookups.load(on: req.db)
        let places = try await StructureNames.load(on: req.db)
        let costCentres = try await CostCentre.query(on: req.db).sort(\.$code).all()
        let rooms = try await Room.query(on: req.db).all().map { room in
            (id: room.id!.uuidString, label: "\(places.sites[room.$site.id] ?? "") · \(room.name)")
        }
        let defaultCurrency = try await OrganisationSettings.current(on: req.db).defaultCurrency
        let currency = form.currency.nilIfEmpty ?? defaultCurrency
        let messages = req.fieldMessages(errors)
        let type = UUID(uuidString: form.modelId).flatMap { lookups.models[$0]?.type }
        let fieldSet = try await CustomFieldSet.load(on: req.db)
        let groups = AssetType.allCases.compactMap { groupType -> CustomGroup? in
            let definitions = fieldSet.definitions(for: groupType)
            guard !definitions.isEmpty else { return nil }
            let shown = type == nil || type == groupType
            let inputs = definitions.map { field in
                let value = shown ? form.custom[field.key] ?? "" : ""
                return CustomInput(
                    name: "custom.\(field.key)", id: "custom-\(groupType.rawValue)-\(field.key)", label: field.label,
                    kind: field.kind.rawValue,
                    value: value, choices: field.choices.map { .init(value: $0, label: $0, selected: $0 == value) },
                    error: shown ? messages["custom.\(field.key)"] : nil)
            }
            return CustomGroup(
                type: groupType.rawValue, label: req.t("custom_field.group", ["type": req.t(groupType.labelKey)]), inputs: inputs,
                hidden: !shown)
        }
        let selectedModel = UUID(uuidString: form.modelId)
        let models = lookups.modelChoices(selected: selectedModel).map { choice in
            ModelOption(
                value: choice.value, label: choice.label, selected: choice.selected,
                type: UUID(uuidString: choice.value).flatMap { lookups.models[$0]?.type.rawValue } ?? "")
        }
        let content = FormContent(
            action: id.map { Paths.hardwareAsset.path($0) } ?? Paths.hardware.path, isNew: id == nil, form: form,
            models: models, sites: places.siteChoices(selected: UUID(uuidString: form.siteId)),
            rooms: rooms.sorted { $0.label < $1.label }.map { .init(value: $0.id, label: $0.label, selected: $0.id == form.roomId) },
            costCentres: Choice.costCentres(costCentres, selected: form.costCentreId),
            currencies: Choice.currencies(selected: currency),
            statuses: Choice.list(req, [AssetStatus.inStock, .ordered], key: \.labelKey, selected: form.status), customGroups: groups,
            errors: messages, stale: stale)
        return try await req.page("inventory/asset-form", titleKey: id == nil ? "asset.new" : "asset.edit", content, status: status)
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
