import Domain
import Fluent
import Foundation
import Vapor

/// Hardware models: the list with its form, and saving a model.
extension AssetPages {
    // MARK: Models

    struct ModelsContent: Encodable {
        struct Row: Encodable {
            let href: String
            let name: String
            let type: String
            let endOfLife: String
            let lifetimeMonths: Int?
            let listPrice: String
            let assets: String
            /// The new-asset form with this model chosen.
            let newHref: String
        }

        let rows: [Row]
        let canManage: Bool
        let action: String
        let isNew: Bool
        let form: ModelForm
        let types: [Choice]
        let currencies: [Choice]
        let errors: [String: String]
        let stale: Bool
    }

    struct ModelForm: Content {
        var manufacturer = ""
        var name = ""
        var type = AssetType.laptop.rawValue
        var endOfLife = ""
        var lifetimeMonths = ""
        var listPrice = ""
        var currency = ""
        var version: Int?

        init() {}

        init(from decoder: any Decoder) throws {
            let form = try FormFields(decoder)
            (manufacturer, name, type, endOfLife) = (form["manufacturer"], form["name"], form["type"], form["endOfLife"])
            (lifetimeMonths, listPrice, currency, version) = (form["lifetimeMonths"], form["listPrice"], form["currency"], form.version)
        }

        init(_ model: AssetModel, manufacturer: String) {
            (self.manufacturer, name, type, endOfLife) = (manufacturer, model.name, model.typeRaw, model.endOfLifeText ?? "")
            lifetimeMonths = model.lifetimeMonths.map(String.init) ?? ""
            listPrice = model.listPrice?.plainDecimal ?? ""
            (currency, version) = (model.listPriceCurrency ?? "", model.version)
        }

        func input(defaultCurrency: String) throws(ValidationFailure) -> AssetService.ModelInput {
            var errors: [FieldError] = []
            let months = lifetimeMonths.trimmingCharacters(in: .whitespaces).nilIfEmpty.map { Int($0) }
            if case .some(.none) = months { errors.append(FieldError(field: "lifetimeMonths", code: .invalid)) }
            let price = MoneyField.read(listPrice, currency: currency, defaultCurrency: defaultCurrency, field: "listPrice", into: &errors)
            let input = AssetService.ModelInput(
                manufacturer: manufacturer, name: name, type: type, endOfLife: endOfLife, lifetimeMonths: months ?? nil, listPrice: price)
            errors += input.validate()
            if !errors.isEmpty { throw ValidationFailure(errors) }
            return input
        }
    }

    func models(_ req: Request) async throws -> Response {
        try await modelsPage(req, ModelForm(), id: nil)
    }

    func editModel(_ req: Request) async throws -> Response {
        guard let model = try await AssetModel.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        let manufacturer = try await Manufacturer.find(model.manufacturerID, on: req.db)?.name ?? ""
        return try await modelsPage(req, ModelForm(model, manufacturer: manufacturer), id: model.id)
    }

    private func modelsPage(
        _ req: Request, _ form: ModelForm, id: UUID?, errors: ValidationFailure? = nil, stale: Bool = false, status: HTTPStatus = .ok
    ) async throws -> Response {
        let lookups = try await AssetLookups.load(on: req.db)
        let counts = try await RowCounts.by("model_id", in: Asset.schema, on: req.db)
        let defaultCurrency = try await OrganisationSettings.current(on: req.db).defaultCurrency
        let currency = form.currency.nilIfEmpty ?? defaultCurrency
        let number = { req.services.localizer.number($0, req.language) }
        let rows = lookups.models.values.sorted { lookups.modelName($0.id!) < lookups.modelName($1.id!) }.map { model in
            ModelsContent.Row(
                href: Paths.hardwareModel.path(model.id!), name: lookups.modelName(model.id!), type: req.t(model.type.labelKey),
                endOfLife: model.endOfLifeText ?? "", lifetimeMonths: model.lifetimeMonths,
                listPrice: model.listPrice?.formatted(req.language) ?? "", assets: number(counts[model.id!] ?? 0),
                newHref: Paths.hardwareNew.path + "?modelId=\(model.id!.uuidString)")
        }
        return try await req.page(
            "inventory/models", titleKey: "asset.models",
            ModelsContent(
                rows: rows, canManage: req.may(.manageInventory),
                action: id.map { Paths.hardwareModel.path($0) } ?? Paths.hardwareModels.path,
                isNew: id == nil, form: form, types: Choice.list(req, AssetType.allCases, key: \.labelKey, selected: form.type),
                currencies: Choice.currencies(selected: currency),
                errors: req.fieldMessages(errors), stale: stale),
            status: status)
    }

    func saveModel(_ req: Request) async throws -> Response {
        let id = try? req.requireID()
        let form = try req.content.decode(ModelForm.self)
        return try await req.submit {
            let input = try form.input(defaultCurrency: try await OrganisationSettings.current(on: req.db).defaultCurrency)
            if let id {
                _ = try await service(req).updateModel(id, expectedVersion: form.version ?? 0, input)
            } else {
                _ = try await service(req).createModel(input)
            }
            return req.redirect(to: Paths.hardwareModels.path + "?done=\(id == nil ? "created" : "saved")", redirectType: .normal)
        } invalid: { failure in
            return try await modelsPage(req, form, id: id, errors: failure, status: .unprocessableEntity)
        } stale: {
            guard let id, let fresh = try await AssetModel.find(id, on: req.db) else { throw AppError.notFound }
            let manufacturer = try await Manufacturer.find(fresh.manufacturerID, on: req.db)?.name ?? ""
            return try await modelsPage(req, ModelForm(fresh, manufacturer: manufacturer), id: id, stale: true, status: .conflict)
        }
    }
}
