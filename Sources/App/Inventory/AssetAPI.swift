import Domain
import Fluent
import Foundation
import Vapor

struct MoneyDTO: Content, Equatable {
    let minorUnits: Int64
    let currency: String

    init(_ money: Money) {
        minorUnits = money.minorUnits
        currency = money.currency.code
    }

    /// The amount, or the field's error when the currency is not one Quartermaster knows.
    func money(field: String) throws(ValidationFailure) -> Money {
        guard let currency = Currency(code: currency) else { throw ValidationFailure([FieldError(field: field, code: .currencyUnknown)]) }
        return Money(minorUnits: minorUnits, currency: currency)
    }

    static let schema = JSONSchema.object(
        properties: ["minorUnits": .integer(), "currency": .string(enumeration: Currency.all.map(\.code))],
        required: ["minorUnits", "currency"])
}

struct AssetModelDTO: Content {
    let id: UUID
    let manufacturer: String
    let name: String
    let type: AssetType
    let endOfLife: String?
    let lifetimeMonths: Int?
    let listPrice: MoneyDTO?
    let version: Int

    init(_ model: AssetModel, manufacturer: String) {
        id = model.id!
        self.manufacturer = manufacturer
        name = model.name
        type = model.type
        endOfLife = model.endOfLifeText
        lifetimeMonths = model.lifetimeMonths
        listPrice = model.listPrice.map(MoneyDTO.init)
        version = model.version
    }

    static let fieldSchemas: [String: JSONSchema] = [
        "manufacturer": .string(), "name": .string(), "type": .string(enumeration: AssetType.allCases.map(\.rawValue)),
        "endOfLife": .nullable(.string(format: "date")), "lifetimeMonths": .nullable(.integer(minimum: 1, maximum: 600)),
        "listPrice": .nullable(.ref("Money")),
    ]
    static let schema = JSONSchema.object(
        properties: fieldSchemas.merging(["id": .string(format: "uuid"), "version": .integer(minimum: 1)]) { $1 },
        required: ["id", "manufacturer", "name", "type", "version"])
}

struct AssetModelBody: APIRequestBody {
    let manufacturer: String?
    let name: String?
    let type: String?
    let endOfLife: String?
    let lifetimeMonths: Int?
    let listPrice: MoneyDTO?

    static let fieldNames = Set(AssetModelDTO.fieldSchemas.keys)
    func validate() -> [FieldError] { [] }  // AssetService.ModelInput.validate, after merging with the stored model.

    func merged(over base: AssetModel?, manufacturer current: String?, present: Set<String>) throws -> AssetService.ModelInput {
        func pick<T>(_ key: String, _ new: T?, _ old: T?) -> T? { present.contains(key) ? new : old }
        return AssetService.ModelInput(
            manufacturer: pick("manufacturer", manufacturer, current) ?? "", name: pick("name", name, base?.name) ?? "",
            type: pick("type", type, base?.typeRaw) ?? "", endOfLife: pick("endOfLife", endOfLife, base?.endOfLifeText),
            lifetimeMonths: pick("lifetimeMonths", lifetimeMonths, base?.lifetimeMonths),
            listPrice: present.contains("listPrice") ? try listPrice?.money(field: "listPrice") : base?.listPrice)
    }

    static let schema = JSONSchema.object(properties: AssetModelDTO.fieldSchemas, required: [])
}

struct AssetDTO: Content {
    let id: UUID
    let tag: String
    let name: String
    let serial: String?
    let imei: String?
    let modelId: UUID
    let model: String
    let type: AssetType
    let status: AssetStatus
    let siteId: UUID?
    let roomId: UUID?
    let assignedEmployeeId: UUID?
    let assignedSiteId: UUID?
    let assignedAt: Date?
    let receiptConfirmedAt: Date?
    let purchaseDate: String?
    let purchaseCost: MoneyDTO?
    let supplier: String
    let orderNumber: String
    let costCentreId: UUID?
    let warrantyEnd: String?
    let notes: String
    let customFields: [String: String]
    let version: Int

    init(_ asset: Asset, model: String) { self.init(AssetListing(asset), model: model) }

    init(_ asset: AssetListing, model: String) {
        (id, tag, name, serial, imei, modelId, self.model) = (
            asset.id, asset.tag, asset.name, asset.serial, asset.imei, asset.modelID, model
        )
        (type, status, siteId, roomId) = (asset.type, asset.status, asset.siteID, asset.roomID)
        (assignedEmployeeId, assignedSiteId, assignedAt, receiptConfirmedAt) = (
            asset.assignedEmployeeID, asset.assignedSiteID, asset.assignedAt, asset.receiptConfirmedAt
        )
        (purchaseDate, purchaseCost, supplier, orderNumber, costCentreId) = (
            asset.purchaseDate, asset.purchaseCost.map(MoneyDTO.init), asset.supplier, asset.orderNumber, asset.costCentreID
        )
        (warrantyEnd, notes, customFields, version) = (asset.warrantyEnd, asset.notes, asset.customValues, asset.version)
    }

    /// The fields a client may write.
    static let fieldSchemas: [String: JSONSchema] = [
        "tag": .string(), "name": .string(), "serial": .nullable(.string()), "imei": .nullable(.string()),
        "modelId": .string(format: "uuid"), "siteId": .nullable(.string(format: "uuid")), "roomId": .nullable(.string(format: "uuid")),
        "purchaseDate": .nullable(.string(format: "date")), "purchaseCost": .nullable(.ref("Money")), "supplier": .string(),
        "orderNumber": .string(), "costCentreId": .nullable(.string(format: "uuid")), "warrantyEnd": .nullable(.string(format: "date")),
        "notes": .string(),
        "customFields": .anyObject(description: "The custom fields of the asset's type, by key; each value a string."),
    ]
    static let schema = JSONSchema.object(
        properties: fieldSchemas.merging(
            [
                "id": .string(format: "uuid"), "model": .string(), "type": .string(enumeration: AssetType.allCases.map(\.rawValue)),
                "status": .string(enumeration: AssetStatus.allCases.map(\.rawValue)),
                "assignedEmployeeId": .nullable(.string(format: "uuid")), "assignedSiteId": .nullable(.string(format: "uuid")),
                "assignedAt": .nullable(.string(format: "date-time")), "receiptConfirmedAt": .nullable(.string(format: "date-time")),
                "version": .integer(minimum: 1),
            ]
        ) { $1 },
        required: [
            "id", "tag", "name", "modelId", "model", "type", "status", "supplier", "orderNumber", "notes", "customFields", "version",
        ])
}

struct AssetBody: APIRequestBody {
    let tag: String?
    let name: String?
    let serial: String?
    let imei: String?
    let modelId: UUID?
    let siteId: UUID?
    let roomId: UUID?
    let purchaseDate: String?
    let purchaseCost: MoneyDTO?
    let supplier: String?
    let orderNumber: String?
    let costCentreId: UUID?
    let warrantyEnd: String?
    let notes: String?
    /// The custom fields by key; a PATCH replaces the whole set.
    let customFields: [String: String]?
    /// Only when creating: "in_stock" (the default) or "ordered".
    let status: String?

    static let fieldNames = Set(AssetDTO.fieldSchemas.keys).union(["status"])
    func validate() -> [FieldError] { [] }  // AssetService.AssetInput.validate, after merging with the stored asset.

    func merged(over base: Asset?, present: Set<String>) throws -> AssetService.AssetInput {
        func pick<T>(_ key: String, _ new: T?, _ old: T?) -> T? { present.contains(key) ? new : old }
        return AssetService.AssetInput(
            tag: pick("tag", tag, base?.tag) ?? "", name: pick("name", name, base?.name) ?? "",
            serial: pick("serial", serial, base?.serial),
            imei: pick("imei", imei, base?.imei), modelID: pick("modelId", modelId, base?.modelID),
            siteID: pick("siteId", siteId, base?.siteID),
            roomID: pick("roomId", roomId, base?.roomID), purchaseDate: pick("purchaseDate", purchaseDate, base?.purchaseDateText),
            purchaseCost: present.contains("purchaseCost") ? try purchaseCost?.money(field: "purchaseCost") : base?.purchaseCost,
            supplier: pick("supplier", supplier, base?.supplier) ?? "",
            orderNumber: pick("orderNumber", orderNumber, base?.orderNumber) ?? "",
            costCentreID: pick("costCentreId", costCentreId, base?.costCentreID),
            warrantyEnd: pick("warrantyEnd", warrantyEnd, base?.warrantyEndText), notes: pick("notes", notes, base?.notes) ?? "",
            customValues: present.contains("customFields") ? customFields ?? [:] : nil)
    }

    static let schema = JSONSchema.object(
        properties: AssetDTO.fieldSchemas.merging(["status": .string(enumeration: ["in_stock", "ordered"])]) { $1 }, required: ["modelId"])
}

/// A move of an asset: to another status, or (with an employee or site) a check-out.
struct AssetMoveBody: APIRequestBody {
    let status: String
    let reason: String?
    let employeeId: UUID?
    let siteId: UUID?
    let disposalMethod: String?
    let dataWipeConfirmed: Bool?

    static let fieldNames: Set<String> = ["status", "reason", "employeeId", "siteId", "disposalMethod", "dataWipeConfirmed"]
    func validate() -> [FieldError] {
        employeeId != nil && siteId != nil ? [FieldError(field: "siteId", code: .invalid)] : []
    }

    var input: AssetService.MoveInput {
        .init(
            to: status, reason: reason ?? "", holder: employeeId.map { .employee($0) } ?? siteId.map { .site($0) },
            disposalMethod: disposalMethod, dataWipeConfirmed: dataWipeConfirmed ?? false)
    }

    static let schema = JSONSchema.object(
        properties: [
            "status": .string(enumeration: AssetStatus.allCases.map(\.rawValue)), "reason": .string(),
            "employeeId": .string(format: "uuid"), "siteId": .string(format: "uuid"),
            "disposalMethod": .string(enumeration: DisposalMethod.allCases.map(\.rawValue)), "dataWipeConfirmed": .boolean,
        ], required: ["status"])
}

struct AssetEventDTO: Content {
    let sequence: Int
    let occurredAt: Date
    let actor: String
    let kind: String
    let fromStatus: String?
    let toStatus: String?
    let employeeId: UUID?
    let siteId: UUID?
    let reason: String
    let disposalMethod: String?
    let dataWipeConfirmed: Bool
    /// Made by a file import (its reason is then empty).
    let viaImport: Bool

    init(_ event: AssetEvent) {
        sequence = event.sequence
        occurredAt = event.occurredAt
        actor = event.actor
        kind = event.kindRaw
        fromStatus = event.fromStatus
        toStatus = event.toStatus
        employeeId = event.employeeID
        siteId = event.siteID
        reason = event.reason
        disposalMethod = event.disposalMethod
        dataWipeConfirmed = event.dataWipeConfirmed
        viaImport = event.viaImport
    }

    static let schema = JSONSchema.object(
        properties: [
            "sequence": .integer(minimum: 1), "occurredAt": .string(format: "date-time"), "actor": .string(),
            "kind": .string(enumeration: AssetEvent.Kind.allCases.map(\.rawValue)), "fromStatus": .nullable(.string()),
            "toStatus": .nullable(.string()), "employeeId": .nullable(.string(format: "uuid")),
            "siteId": .nullable(.string(format: "uuid")),
            "reason": .string(), "disposalMethod": .nullable(.string()), "dataWipeConfirmed": .boolean, "viaImport": .boolean,
        ], required: ["sequence", "occurredAt", "actor", "kind", "reason", "dataWipeConfirmed", "viaImport"])
}

/// The hardware part of the JSON API.
struct AssetAPIController: Sendable {
    private func service(_ req: Request) -> AssetService { AssetService(app: req.application, actor: req.auditActor) }

    func listModels(_ req: Request) async throws -> Response {
        let lookups = try await AssetLookups.load(on: req.db)
        let models = lookups.models.values.sorted { lookups.modelName($0.id!) < lookups.modelName($1.id!) }
        return try .json(models.map { AssetModelDTO($0, manufacturer: lookups.manufacturers[$0.manufacturerID] ?? "") })
    }

    func createModel(_ req: Request) async throws -> Response {
        let (body, present) = try req.decodeStrictWithKeys(AssetModelBody.self)
        let model = try await service(req).createModel(try body.merged(over: nil, manufacturer: nil, present: present))
        let response = try Response.json(try await modelDTO(model, on: req.db), status: .created, version: model.version)
        response.headers.replaceOrAdd(name: .location, value: Paths.apiAssetModel.path(model.id!))
        return response
    }

    func getModel(_ req: Request) async throws -> Response {
        guard let model = try await AssetModel.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        return try .json(try await modelDTO(model, on: req.db), version: model.version)
    }

    func updateModel(_ req: Request) async throws -> Response {
        let (id, version) = (try req.requireID(), try req.requiredIfMatchVersion())
        let (body, present) = try req.decodeStrictWithKeys(AssetModelBody.self)
        guard let current = try await AssetModel.find(id, on: req.db) else { throw AppError.notFound }
        let manufacturer = try await Manufacturer.find(current.manufacturerID, on: req.db)?.name
        let model = try await service(req).updateModel(
            id, expectedVersion: version, try body.merged(over: current, manufacturer: manufacturer, present: present))
        return try .json(try await modelDTO(model, on: req.db), version: model.version)
    }

    private func modelDTO(_ model: AssetModel, on db: any Database) async throws -> AssetModelDTO {
        AssetModelDTO(model, manufacturer: try await Manufacturer.find(model.manufacturerID, on: db)?.name ?? "")
    }

    func listAssets(_ req: Request) async throws -> Response {
        let (assets, total, query, _) = try await AssetDirectory.list(req)
        // Only the page's models: decoding every model through Fluent on each request was a tenth of the list's time.
        let lookups = try await AssetLookups.load(models: Set(assets.map(\.modelID)), on: req.db)
        return try .json(Page(items: assets.map { AssetDTO($0, model: lookups.modelName($0.modelID)) }, total: total, query: query))
    }

    func createAsset(_ req: Request) async throws -> Response {
        let (body, present) = try req.decodeStrictWithKeys(AssetBody.self)
        let status = try body.status.map { text throws(ValidationFailure) in
            guard let status = AssetStatus(rawValue: text) else { throw ValidationFailure([FieldError(field: "status", code: .invalid)]) }
            return status
        }
        let asset = try await service(req).create(try body.merged(over: nil, present: present), status: status ?? .inStock)
        let response = try Response.json(try await assetDTO(asset, on: req.db), status: .created, version: asset.version)
        response.headers.replaceOrAdd(name: .location, value: Paths.apiAsset.path(asset.id!))
        return response
    }

    func getAsset(_ req: Request) async throws -> Response {
        let asset = try await assetRecord(req)
        return try .json(try await assetDTO(asset, on: req.db), version: asset.version)
    }

    func updateAsset(_ req: Request) async throws -> Response {
        let (id, version) = (try req.requireID(), try req.requiredIfMatchVersion())
        let (body, present) = try req.decodeStrictWithKeys(AssetBody.self)
        guard !present.contains("status") else { throw AppError.invalid(ValidationFailure([FieldError(field: "status", code: .invalid)])) }
        guard let current = try await Asset.find(id, on: req.db) else { throw AppError.notFound }
        let asset = try await service(req).update(id, expectedVersion: version, try body.merged(over: current, present: present))
        return try .json(try await assetDTO(asset, on: req.db), version: asset.version)
    }

    func moveAsset(_ req: Request) async throws -> Response {
        let (id, version) = (try req.requireID(), try req.requiredIfMatchVersion())
        let asset = try await service(req).move(id, expectedVersion: version, try req.decodeStrict(AssetMoveBody.self).input)
        return try .json(try await assetDTO(asset, on: req.db), version: asset.version)
    }

    func history(_ req: Request) async throws -> Response {
        let asset = try await assetRecord(req)
        return try .json(try await AssetService.history(of: asset.id!, on: req.db).map(AssetEventDTO.init))
    }

    /// The signed-in person's own equipment: what they hold, as their employee record.
    func myAssets(_ req: Request) async throws -> Response {
        guard let employee = try await req.signedInEmployee() else {
            return try .json([AssetDTO]())
        }
        let assets = try await Asset.query(on: req.db).filter(\.$assignedEmployeeID == employee.id).sort(\.$tagKey).all()
        let lookups = try await AssetLookups.load(on: req.db)
        return try .json(assets.map { AssetDTO($0, model: lookups.modelName($0.modelID)) })
    }

    func confirmReceipt(_ req: Request) async throws -> Response {
        guard let employee = try await req.signedInEmployee() else {
            throw AppError.notFound
        }
        let asset = try await service(req).confirmReceipt(try req.requireID(), by: employee.id!)
        return try .json(try await assetDTO(asset, on: req.db), version: asset.version)
    }

    private func assetRecord(_ req: Request) async throws -> Asset {
        guard let asset = try await Asset.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        return asset
    }

    private func assetDTO(_ asset: Asset, on db: any Database) async throws -> AssetDTO {
        guard let model = try await AssetModel.find(asset.modelID, on: db) else { return AssetDTO(asset, model: "") }
        let manufacturer = try await Manufacturer.find(model.manufacturerID, on: db)?.name ?? ""
        return AssetDTO(asset, model: AssetLookups.name(manufacturer: manufacturer, model: model.name))
    }
}

/// What the OpenAPI document says of the hardware routes.
enum AssetAPIDocs {
    static let listModels = APIDoc(summary: "Every hardware model, by manufacturer and name.", response: .array(.ref("AssetModel")))
    static let createModel = APIDoc(
        summary: "Record a model; the manufacturer is found by name (without regard to case) or created.",
        requestBody: .ref("AssetModelBody"), response: .ref("AssetModel"), successStatus: 201)
    static let getModel = APIDoc(summary: "One hardware model; the ETag is its version.", response: .ref("AssetModel"))
    static let updateModel = APIDoc(
        summary: "Change a model (If-Match: its version); fields left out keep their values.", requestBody: .ref("AssetModelBody"),
        response: .ref("AssetModel"), conditional: true)
    static let listAssets = APIDoc(
        summary: "Assets, searched, filtered, sorted and paged.",
        query: APIDocs.paging + [
            .init(
                name: "sort", schema: .string(enumeration: AssetDirectory.sorts.sorted().flatMap { [$0, "-" + $0] }),
                description: "Sort field."),
            .init(name: "q", schema: .string(), description: "Tag or serial number (exact), or part of the name, tag, serial or IMEI."),
            .init(name: "type", schema: .string(enumeration: AssetType.allCases.map(\.rawValue)), description: "Only this type."),
            .init(name: "status", schema: .string(enumeration: AssetStatus.allCases.map(\.rawValue)), description: "Only this status."),
            .init(name: "site", schema: .string(format: "uuid"), description: "Only at this site."),
            .init(name: "model", schema: .string(format: "uuid"), description: "Only this model."),
            .init(name: "employee", schema: .string(format: "uuid"), description: "Only held by this employee."),
        ],
        response: .page(of: "Asset"))
    static let createAsset = APIDoc(
        summary: "Record an asset, in stock or ordered; without a tag it gets the next one with the organisation's prefix.",
        requestBody: .ref("AssetBody"), response: .ref("Asset"), successStatus: 201)
    static let getAsset = APIDoc(summary: "One asset; the ETag is its version.", response: .ref("Asset"))
    static let updateAsset = APIDoc(
        summary: "Change an asset's facts (If-Match: its version); status and holder change only through moves.",
        requestBody: .ref("AssetBody"), response: .ref("Asset"), conditional: true)
    static let moveAsset = APIDoc(
        summary:
            "Move an asset to another status (If-Match: its version). status deployed with employeeId or siteId checks it out; in_stock from deployed checks it in; retiring, repair and disposal need a reason, disposal a method and, for devices that store data, dataWipeConfirmed.",
        requestBody: .ref("AssetMove"), response: .ref("Asset"), conditional: true)
    static let history = APIDoc(summary: "An asset's history, newest first: who, when, what and why.", response: .array(.ref("AssetEvent")))
    static let myAssets = APIDoc(summary: "The equipment the signed-in person holds.", response: .array(.ref("Asset")))
    static let confirmReceipt = APIDoc(
        summary: "The holder confirms receiving an asset checked out to them (409 when already confirmed).", response: .ref("Asset"))

    static let schemas: [String: JSONSchema] = [
        "Money": MoneyDTO.schema, "AssetModel": AssetModelDTO.schema, "AssetModelBody": AssetModelBody.schema, "Asset": AssetDTO.schema,
        "AssetBody": AssetBody.schema, "AssetMove": AssetMoveBody.schema, "AssetEvent": AssetEventDTO.schema,
        "RefreshForecast": RefreshForecastPages.ForecastDTO.schema,
    ]
}
