import Domain
import Foundation
import Vapor

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
