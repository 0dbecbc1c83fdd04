import Domain
import Foundation
import Vapor

struct SoftwareProductDTO: Content {
    let id: UUID
    let publisher: String
    let name: String
    let category: SoftwareCategory
    let notes: String
    let version: Int

    init(_ product: SoftwareProduct) {
        (id, publisher, name, category, notes, version) = (
            product.id!, product.publisher, product.name, product.category, product.notes, product.version
        )
    }

    static let fieldSchemas: [String: JSONSchema] = [
        "publisher": .string(), "name": .string(), "category": .string(enumeration: SoftwareCategory.allCases.map(\.rawValue)),
        "notes": .string(),
    ]
    static let schema = JSONSchema.object(
        properties: fieldSchemas.merging(["id": .string(format: "uuid"), "version": .integer(minimum: 1)]) { $1 },
        required: ["id", "publisher", "name", "category", "notes", "version"])
}

struct SoftwareProductBody: APIRequestBody {
    let publisher: String?
    let name: String?
    let category: String?
    let notes: String?

    static let fieldNames = Set(SoftwareProductDTO.fieldSchemas.keys)
    func validate() -> [FieldError] { [] }  // SoftwareService.ProductInput.validate, after merging.

    func merged(over base: SoftwareProduct?, present: Set<String>) -> SoftwareService.ProductInput {
        func pick(_ key: String, _ new: String?, _ old: String?) -> String? { present.contains(key) ? new : old }
        return .init(
            publisher: pick("publisher", publisher, base?.publisher) ?? "", name: pick("name", name, base?.name) ?? "",
            category: pick("category", category, base?.categoryRaw) ?? SoftwareCategory.other.rawValue,
            notes: pick("notes", notes, base?.notes) ?? "")
    }

    static let schema = JSONSchema.object(properties: SoftwareProductDTO.fieldSchemas, required: ["name"])
}

struct InstallationDTO: Content {
    let id: UUID
    let productId: UUID
    let assetId: UUID
    let assetTag: String
    let productVersion: String
    let installedOn: String?
    let source: String

    static let schema = JSONSchema.object(
        properties: [
            "id": .string(format: "uuid"), "productId": .string(format: "uuid"), "assetId": .string(format: "uuid"), "assetTag": .string(),
            "productVersion": .string(), "installedOn": .nullable(.string(format: "date")),
            "source": .string(enumeration: ["manual", "import"]),
        ], required: ["id", "productId", "assetId", "assetTag", "productVersion", "source"])
}

struct InstallationBody: APIRequestBody {
    let assetTag: String
    let productVersion: String?
    let installedOn: String?

    static let fieldNames: Set<String> = ["assetTag", "productVersion", "installedOn"]
    func validate() -> [FieldError] { [] }  // SoftwareService.install.

    static let schema = JSONSchema.object(
        properties: ["assetTag": .string(), "productVersion": .string(), "installedOn": .nullable(.string(format: "date"))],
        required: ["assetTag"])
}
