import Foundation

/// Just enough JSON Schema (2020-12, as OpenAPI 3.1 uses it) to describe the API's bodies.
indirect enum JSONSchema: Sendable {
    /// A text; `orEmpty` also allows "" (a vendor's contact e-mail address that was never given).
    case string(format: String? = nil, enumeration: [String]? = nil, orEmpty: Bool = false)
    case integer(minimum: Int? = nil, maximum: Int? = nil)
    case boolean
    /// A number with a fraction (a trend's slope, a fit); never money, which is integer minor units.
    case number
    case array(JSONSchema)
    case object(properties: [String: JSONSchema], required: [String])
    case nullable(JSONSchema)
    /// An object whose members are described in prose (a map of field names, an export document).
    case anyObject(description: String)
    case ref(String)

    var json: [String: Any] {
        switch self {
        case .string(let format, let enumeration, let orEmpty):
            var result: [String: Any] = ["type": "string"]
            if let format, orEmpty {
                result["anyOf"] = [["format": format], ["maxLength": 0]] as [[String: Any]]
            } else if let format {
                result["format"] = format
            }
            if let enumeration { result["enum"] = orEmpty && !enumeration.contains("") ? enumeration + [""] : enumeration }
            return result
        case .integer(let minimum, let maximum):
            var result: [String: Any] = ["type": "integer"]
            if let minimum { result["minimum"] = minimum }
            if let maximum { result["maximum"] = maximum }
            return result
        case .boolean: return ["type": "boolean"]
        case .number: return ["type": "number"]
        case .array(let items): return ["type": "array", "items": items.json]
        case .object(let properties, let required):
            return [
                "type": "object", "properties": properties.mapValues(\.json), "required": required.sorted(),
                "additionalProperties": false,
            ]
        case .nullable(let inner):
            return ["oneOf": [inner.json, ["type": "null"]]]
        case .ref(let name): return ["$ref": "#/components/schemas/\(name)"]
        case .anyObject(let description): return ["type": "object", "description": description]
        }
    }

    /// A page of items as every list endpoint returns it.
    static func page(of item: String) -> JSONSchema {
        .object(
            properties: [
                "items": .array(.ref(item)), "total": .integer(minimum: 0), "limit": .integer(minimum: 1, maximum: 500),
                "offset": .integer(minimum: 0), "nextOffset": .nullable(.integer(minimum: 0)), "totalIsLowerBound": .boolean,
            ], required: ["items", "total", "limit", "offset"])
    }
}
