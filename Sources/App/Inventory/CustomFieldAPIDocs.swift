import Domain

/// What the OpenAPI document says of the custom field routes.
enum CustomFieldAPIDocs {
    static let list = APIDoc(summary: "Every custom field, by asset type and key.", response: .array(.ref("CustomField")))
    static let create = APIDoc(
        summary:
            "Define a custom field for one asset type: text, number, date or choice. Assets carry its value under `customFields`; files under `custom.<key>`.",
        requestBody: .ref("CustomFieldBody"), response: .ref("CustomField"), successStatus: 201)
    static let update = APIDoc(
        summary:
            "Change a custom field's label or choices (If-Match: its version); the key and kind stay. A choice assets hold cannot be dropped (422 value_in_use).",
        requestBody: .ref("CustomFieldPatch"), response: .ref("CustomField"), conditional: true)
    static let delete = APIDoc(
        summary: "Remove a custom field no asset holds a value in (otherwise 422 value_in_use); with If-Match, only at that version.",
        successStatus: 204)

    static let schemas: [String: JSONSchema] = [
        "CustomField": .object(
            properties: [
                "id": .string(format: "uuid"), "assetType": .string(enumeration: AssetType.allCases.map(\.rawValue)), "key": .string(),
                "label": .string(), "kind": .string(enumeration: CustomFieldKind.allCases.map(\.rawValue)), "choices": .array(.string()),
                "version": .integer(minimum: 1),
            ], required: ["id", "assetType", "key", "label", "kind", "choices", "version"]),
        "CustomFieldBody": .object(
            properties: [
                "assetType": .string(enumeration: AssetType.allCases.map(\.rawValue)), "key": .string(), "label": .string(),
                "kind": .string(enumeration: CustomFieldKind.allCases.map(\.rawValue)), "choices": .array(.string()),
            ], required: ["assetType", "key", "label", "kind"]),
        "CustomFieldPatch": .object(properties: ["label": .string(), "choices": .array(.string())], required: []),
    ]
}
