import Domain

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

    static let importAssets = APIDoc.tableImport(
        "Check or import assets from CSV (text/csv) or JSON, matched by tag or else serial number.")
    static let exportAssets = APIDoc.tableExport("asset")
    static let importModels = APIDoc.tableImport(
        "Check or import hardware models from CSV or JSON, matched by manufacturer and model name.")
    static let exportModels = APIDoc.tableExport("hardware model")

    static let schemas: [String: JSONSchema] = [
        "Money": MoneyDTO.schema, "AssetModel": AssetModelDTO.schema, "AssetModelBody": AssetModelBody.schema, "Asset": AssetDTO.schema,
        "AssetBody": AssetBody.schema, "AssetMove": AssetMoveBody.schema, "AssetEvent": AssetEventDTO.schema,
    ]
}
