import Domain
import Fluent
import Foundation
import Vapor

/// The asset form's page: its select lists, and the custom fields of each asset type.
extension AssetPages {
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

    func formPage(
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
}
