import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The hardware pages: the asset list, one asset with its history and moves, the asset and model forms, and each
/// person's own equipment with the confirmation of receipt.
struct AssetPages: Sendable {
    typealias Choice = EmployeePages.Choice

    private func service(_ req: Request) -> AssetService { AssetService(app: req.application, actor: req.auditActor) }

    /// Who holds an asset, as a list shows it.
    private static func holder(_ asset: AssetListing, employees: [UUID: String], sites: [UUID: String]) -> String {
        if let id = asset.assignedEmployeeID { return employees[id] ?? "" }
        if let id = asset.assignedSiteID { return sites[id] ?? "" }
        return ""
    }

    // MARK: List

    struct ListContent: Encodable {
        struct Row: Encodable {
            let href: String
            let tag: String
            let name: String
            let model: String
            let type: String
            let status: String
            let holder: String
            let site: String
        }

        let rows: [Row]
        let q: String
        let types: [Choice]
        let statuses: [Choice]
        let sites: [Choice]
        let columns: [AdminController.SortLink]
        let pager: AdminController.PagerContent
        let canManage: Bool
    }

    func list(_ req: Request) async throws -> Response {
        let (assets, total, query, filters) = try await AssetDirectory.list(req)
        // Only the models shown, as the API's list does.
        let lookups = try await AssetLookups.load(models: Set(assets.map(\.modelID)), on: req.db)
        let places = try await Lookups.load(on: req.db)
        let employees = try await AssetLookups.employeeNames(assets.compactMap(\.assignedEmployeeID), on: req.db)
        func link(sort: String? = nil, offset: Int? = nil) -> String {
            var items: [URLQueryItem] = []
            if let q = filters.q, !q.isEmpty { items.append(.init(name: "q", value: q)) }
            if let type = filters.type, !type.isEmpty { items.append(.init(name: "type", value: type)) }
            if let status = filters.status, !status.isEmpty { items.append(.init(name: "status", value: status)) }
            if let site = filters.site { items.append(.init(name: "site", value: site.uuidString)) }
            if let model = filters.model { items.append(.init(name: "model", value: model.uuidString)) }
            if let employee = filters.employee { items.append(.init(name: "employee", value: employee.uuidString)) }
            items.append(.init(name: "sort", value: sort ?? (query.descending ? "-" : "") + query.sortField))
            if let offset, offset > 0 { items.append(.init(name: "offset", value: String(offset))) }
            var components = URLComponents()
            components.path = Paths.hardware.path
            components.queryItems = items
            return components.string ?? Paths.hardware.path
        }
        let columns = [("tag", "asset.tag"), ("name", "asset.name")].map { field, key in
            let current = query.sortField == field
            return AdminController.SortLink(
                labelKey: key, href: link(sort: current && !query.descending ? "-" + field : field),
                state: current ? (query.descending ? "descending" : "ascending") : "")
        }
        let content = ListContent(
            rows: assets.map {
                .init(
                    href: Paths.hardwareAsset.path($0.id), tag: $0.tag, name: $0.name, model: lookups.modelName($0.modelID),
                    type: req.t($0.type.labelKey), status: req.t($0.status.labelKey),
                    holder: Self.holder($0, employees: employees, sites: places.sites), site: $0.siteID.flatMap { places.sites[$0] } ?? "")
            },
            q: filters.q ?? "", types: Choice.list(req, AssetType.allCases, key: \.labelKey, selected: filters.type),
            statuses: Choice.list(req, AssetStatus.allCases, key: \.labelKey, selected: filters.status),
            sites: places.siteChoices(selected: filters.site), columns: columns,
            pager: AdminController.PagerContent(req, query: query, shown: assets.count, total: total) { link(offset: $0) },
            canManage: req.may(.manageInventory))
        return try await req.page("inventory/assets", titleKey: "asset.title", content)
    }

    // MARK: Detail and moves

    struct CustomFact: Encodable {
        let label: String
        let value: String
    }

    struct DetailContent: Encodable {
        struct Fact: Encodable {
            let labelKey: String
            let value: String
            let href: String?
        }

        struct Event: Encodable {
            let when: String
            let actor: String
            let what: String
            let holder: String
            let reason: String
        }

        let id: String
        let tag: String
        let name: String
        let status: String
        let facts: [Fact]
        /// The custom fields of the asset's type, labelled as the organisation named them.
        let custom: [CustomFact]
        let history: [Event]
        let canManage: Bool
        let version: Int
        /// The statuses the asset may move to, other than deployment (checking out) and stock from deployment (checking in).
        let moves: [Choice]
        let canCheckOut: Bool
        let canCheckIn: Bool
        let sites: [Choice]
        let disposalMethods: [Choice]
        /// Whether disposal is among the moves: only then does the form ask how, and whether the storage was wiped.
        let canDispose: Bool
        let storesData: Bool
        let form: MoveForm
        let errors: [String: String]
        let stale: Bool
        let interfaces: [InterfaceRow]
        let interfaceKinds: [Choice]
        /// Its preventive maintenance, for those who read monitoring.
        let maintenance: MaintenanceTaskPages.AssetSection?
    }

    struct InterfaceRow: Encodable {
        let href: String
        let name: String
        let kind: String
        let mac: String
        let addresses: String
    }

    struct MoveForm: Content {
        var status = ""
        var reason = ""
        var employeeNumber = ""
        var siteId = ""
        var disposalMethod = ""
        var dataWipeConfirmed = false
        var version: Int?

        init() {}

        init(from decoder: any Decoder) throws {
            let form = try FormFields(decoder)
            (status, reason, employeeNumber, siteId) = (form["status"], form["reason"], form["employeeNumber"], form["siteId"])
            (disposalMethod, dataWipeConfirmed, version) = (form["disposalMethod"], form["dataWipeConfirmed"] == "on", form.version)
        }
    }

    func detail(_ req: Request) async throws -> Response {
        try await detailPage(req, id: try req.requireID(), form: MoveForm(), errors: nil)
    }

    /// The asset's page; `CablingPages` shows it too, with a refused interface form's errors.
    func detailPage(
        _ req: Request, id: UUID, form: MoveForm = MoveForm(), errors: ValidationFailure?, stale: Bool = false, status: HTTPStatus = .ok
    ) async throws -> Response {
        guard let asset = try await Asset.find(id, on: req.db) else { throw AppError.notFound }
        let lookups = try await AssetLookups.load(on: req.db)
        let places = try await Lookups.load(on: req.db)
        let history = try await AssetService.history(of: id, on: req.db)
        let employees = try await AssetLookups.employeeNames(
            (history.compactMap(\.employeeID) + [asset.assignedEmployeeID].compactMap { $0 }), on: req.db)
        let room = try await asset.roomID.asyncMap { try await Room.find($0, on: req.db) } ?? nil
        let costCentre = try await asset.costCentreID.asyncMap { try await CostCentre.find($0, on: req.db) } ?? nil
        let localizer = req.services.localizer
        let zone = try await req.services.organisation.current(on: req.db).timeZone
        let none = "–"
        let holderValue: String
        if let employeeID = asset.assignedEmployeeID {
            let received =
                asset.receiptConfirmedAt.map {
                    req.t("asset.receipt_confirmed", ["when": localizer.dateTime($0, req.language, timeZone: zone)])
                }
                ?? req.t("asset.receipt_pending")
            holderValue = "\(employees[employeeID] ?? none) — \(received)"
        } else {
            holderValue = asset.assignedSiteID.flatMap { places.sites[$0] } ?? none
        }
        var facts: [DetailContent.Fact] = [
            .init(labelKey: "asset.model", value: lookups.modelName(asset.modelID), href: nil),
            .init(labelKey: "asset.type", value: req.t(asset.type.labelKey), href: nil),
            .init(labelKey: "asset.serial", value: asset.serial ?? none, href: nil),
            .init(labelKey: "asset.imei", value: asset.imei ?? none, href: nil),
            .init(
                labelKey: "asset.holder", value: holderValue,
                href: asset.assignedEmployeeID.map { Paths.employee.path($0) }),
            .init(labelKey: "asset.site", value: asset.siteID.flatMap { places.sites[$0] } ?? none, href: nil),
            .init(labelKey: "asset.room", value: room?.name ?? none, href: nil),
            .init(labelKey: "asset.purchase_date", value: req.date(asset.purchaseDateText), href: nil),
            .init(labelKey: "asset.purchase_cost", value: asset.purchaseCost?.formatted(req.language) ?? none, href: nil),
            .init(labelKey: "asset.supplier", value: asset.supplier.nilIfEmpty ?? none, href: nil),
            .init(labelKey: "asset.order_number", value: asset.orderNumber.nilIfEmpty ?? none, href: nil),
            .init(labelKey: "asset.cost_centre", value: costCentre?.label ?? none, href: nil),
            .init(labelKey: "asset.warranty_end", value: req.date(asset.warrantyEndText), href: nil),
            .init(labelKey: "asset.notes", value: asset.notes.nilIfEmpty ?? none, href: nil),
        ]
        // Which evaluation chose this model, so that the reason for buying it is one click away.
        if let chosenBy = try await EvaluationService.choosing(model: asset.modelID, on: req.db) {
            facts.insert(.init(labelKey: "asset.chosen_in", value: chosenBy.title, href: Paths.evaluation.path(chosenBy.id!)), at: 1)
        }
        let events = history.map { event in
            var what = req.t("asset.event.\(event.kindRaw)")
            if event.kind == .status, let to = event.toStatus.flatMap(AssetStatus.init(rawValue:)) {
                what += ": " + req.t(to.labelKey)
            }
            if let method = event.disposalMethod.flatMap(DisposalMethod.init(rawValue:)) {
                what += " (" + req.t(method.labelKey) + (event.dataWipeConfirmed ? ", " + req.t("asset.data_wiped") : "") + ")"
            }
            return DetailContent.Event(
                when: localizer.dateTime(event.occurredAt, req.language, timeZone: zone), actor: event.actor, what: what,
                holder: event.employeeID.flatMap { employees[$0] } ?? event.siteID.flatMap { places.sites[$0] } ?? "",
                reason: event.viaImport && event.reason.isEmpty ? req.t("asset.event.via_import") : event.reason)
        }
        let allowed = AssetLifecycle.allowed[asset.status, default: []]
        let moves = AssetStatus.allCases.filter {
            allowed.contains($0) && $0 != .deployed && !(asset.status == .deployed && $0 == .inStock)
        }
        return try await req.page(
            "inventory/asset", titleKey: "asset.title", record: asset.tag,
            DetailContent(
                id: id.uuidString, tag: asset.tag, name: asset.name.nilIfEmpty ?? lookups.modelName(asset.modelID),
                status: req.t(asset.status.labelKey), facts: facts,
                custom: try await CustomFieldSet.load(on: req.db).definitions(for: asset.type).map {
                    CustomFact(label: $0.label, value: asset.customValues[$0.key] ?? none)
                }, history: events, canManage: req.may(.manageInventory),
                version: asset.version,
                moves: Choice.list(req, moves, key: \.labelKey, selected: form.status),
                canCheckOut: allowed.contains(.deployed), canCheckIn: asset.status == .deployed,
                sites: places.siteChoices(selected: UUID(uuidString: form.siteId)),
                disposalMethods: Choice.list(req, DisposalMethod.allCases, key: \.labelKey, selected: form.disposalMethod),
                canDispose: moves.contains(.disposed),
                storesData: asset.type.storesData, form: form, errors: req.fieldMessages(errors), stale: stale,
                interfaces: try await interfaceRows(of: id, req),
                interfaceKinds: Choice.list(req, InterfaceKind.allCases, key: \.labelKey, selected: InterfaceKind.ethernet.rawValue),
                maintenance: req.may(.readMonitoring) ? try await MaintenanceTaskPages.assetSection(asset, req) : nil),
            status: status)
    }

    private func interfaceRows(of assetID: UUID, _ req: Request) async throws -> [InterfaceRow] {
        let interfaces = try await NetworkInterface.query(on: req.db).filter(\.$assetID == assetID).sort(\.$name).all()
        let ids = interfaces.compactMap(\.id)
        var addresses: [UUID: [String]] = [:]
        if !ids.isEmpty {
            for record in try await IPAddressRecord.query(on: req.db).filter(\.$interfaceID ~~ ids).sort(\.$sortKey).all() {
                addresses[record.interfaceID!, default: []].append(record.addressText)
            }
        }
        return interfaces.map {
            InterfaceRow(
                href: Paths.networkInterface.path($0.id!), name: $0.name, kind: req.t($0.kind.labelKey), mac: $0.mac ?? "",
                addresses: (addresses[$0.id!] ?? []).joined(separator: ", "))
        }
    }

    /// One form handler for every move: check-out (deployed, with an employee number or a site), check-in and the rest.
    func move(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let form = try req.content.decode(MoveForm.self)
        do {
            var holder: AssetService.Holder?
            if let employee = try await Employee.byNumber(form.employeeNumber, field: "employeeNumber", on: req.db) {
                holder = .employee(employee.id!)
            } else if let site = UUID(uuidString: form.siteId) {
                holder = .site(site)
            }
            _ = try await service(req).move(
                id, expectedVersion: form.version ?? 0,
                .init(
                    to: form.status, reason: form.reason, holder: holder, disposalMethod: form.disposalMethod,
                    dataWipeConfirmed: form.dataWipeConfirmed))
            return req.redirect(to: Paths.hardwareAsset.path(id) + "?done=saved", redirectType: .normal)
        } catch let failure as ValidationFailure {
            // The form names the holder by employee number; the service speaks of the assignee.
            let errors = failure.errors.map { $0.field == "assignee" ? FieldError(field: "employeeNumber", code: $0.code) : $0 }
            return try await detailPage(req, id: id, form: form, errors: ValidationFailure(errors), status: .unprocessableEntity)
        } catch let error as AppError where error.code == AppError.preconditionFailed.code {
            return try await detailPage(req, id: id, form: MoveForm(), errors: nil, stale: true, status: .conflict)
        }
    }

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
        let places = try await Lookups.load(on: req.db)
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
        do {
            // An unknown status is refused, as the API refuses it, never quietly taken as "in stock" (issue 19).
            guard let status = form.status.isEmpty ? .inStock : AssetStatus(rawValue: form.status) else {
                throw ValidationFailure([FieldError(field: "status", code: .invalid)])
            }
            let defaultCurrency = try await OrganisationSettings.current(on: req.db).defaultCurrency
            let asset = try await service(req).create(try form.input(defaultCurrency: defaultCurrency), status: status)
            return req.redirect(to: Paths.hardwareAsset.path(asset.id!) + "?done=created", redirectType: .normal)
        } catch let failure as ValidationFailure {
            return try await formPage(req, form, id: nil, errors: failure, status: .unprocessableEntity)
        }
    }

    func update(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let form = try req.content.decode(Form.self)
        do {
            let defaultCurrency = try await OrganisationSettings.current(on: req.db).defaultCurrency
            _ = try await service(req).update(id, expectedVersion: form.version ?? 0, try form.input(defaultCurrency: defaultCurrency))
            return req.redirect(to: Paths.hardwareAsset.path(id) + "?done=saved", redirectType: .normal)
        } catch let failure as ValidationFailure {
            return try await formPage(req, form, id: id, errors: failure, status: .unprocessableEntity)
        } catch let error as AppError where error.code == AppError.preconditionFailed.code {
            guard let fresh = try await Asset.find(id, on: req.db) else { throw AppError.notFound }
            return try await formPage(req, Form(fresh), id: id, stale: true, status: .conflict)
        }
    }

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
        do {
            let input = try form.input(defaultCurrency: try await OrganisationSettings.current(on: req.db).defaultCurrency)
            if let id {
                _ = try await service(req).updateModel(id, expectedVersion: form.version ?? 0, input)
            } else {
                _ = try await service(req).createModel(input)
            }
            return req.redirect(to: Paths.hardwareModels.path + "?done=\(id == nil ? "created" : "saved")", redirectType: .normal)
        } catch let failure as ValidationFailure {
            return try await modelsPage(req, form, id: id, errors: failure, status: .unprocessableEntity)
        } catch let error as AppError where error.code == AppError.preconditionFailed.code {
            guard let id, let fresh = try await AssetModel.find(id, on: req.db) else { throw AppError.notFound }
            let manufacturer = try await Manufacturer.find(fresh.manufacturerID, on: req.db)?.name ?? ""
            return try await modelsPage(req, ModelForm(fresh, manufacturer: manufacturer), id: id, stale: true, status: .conflict)
        }
    }

    // MARK: My equipment

    struct MineContent: Encodable {
        struct Row: Encodable {
            let id: String
            let tag: String
            let name: String
            let model: String
            let since: String
            let confirmed: String?
        }

        let rows: [Row]
        let linked: Bool
    }

    func mine(_ req: Request) async throws -> Response {
        let employee = try await req.signedInEmployee()
        let assets =
            try await employee.asyncMap {
                try await Asset.query(on: req.db).filter(\.$assignedEmployeeID == $0.id).sort(\.$tagKey).all()
            } ?? []
        let lookups = try await AssetLookups.load(on: req.db)
        let zone = try await req.services.organisation.current(on: req.db).timeZone
        let localizer = req.services.localizer
        return try await req.page(
            "inventory/mine", titleKey: "asset.mine",
            MineContent(
                rows: assets.map {
                    .init(
                        id: $0.id!.uuidString, tag: $0.tag, name: $0.name, model: lookups.modelName($0.modelID),
                        since: $0.assignedAt.map { localizer.dateTime($0, req.language, timeZone: zone) } ?? "",
                        confirmed: $0.receiptConfirmedAt.map { localizer.dateTime($0, req.language, timeZone: zone) })
                }, linked: employee != nil))
    }

    func confirmReceipt(_ req: Request) async throws -> Response {
        guard let employee = try await req.signedInEmployee() else {
            throw AppError.notFound
        }
        _ = try await service(req).confirmReceipt(try req.requireID(), by: employee.id!)
        return req.redirect(to: Paths.myEquipment.path + "?done=saved", redirectType: .normal)
    }
}

/// How many rows of a table carry each value of a reference column: assets per model, contracts per vendor.
enum RowCounts {
    static func by(_ column: String, in table: String, on db: any Database) async throws -> [UUID: Int] {
        let rows = try await db.sql.select().column(SQLIdentifier(column))
            .column(SQLFunction("count", args: SQLLiteral.all), as: "n").from(table).groupBy(column).all()
        var counts: [UUID: Int] = [:]
        for row in rows { counts[try row.decode(column: column, as: UUID.self)] = try row.decode(column: "n", as: Int.self) }
        return counts
    }
}
