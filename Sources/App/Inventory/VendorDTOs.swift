import Domain
import Foundation
import Vapor

struct VendorDTO: Content {
    let id: UUID
    let name: String
    let accountNumber: String
    let contactName: String
    let contactEmail: String
    let contactPhone: String
    let website: String
    let notes: String
    let version: Int

    init(_ vendor: Vendor) {
        (id, name, accountNumber) = (vendor.id!, vendor.name, vendor.accountNumber)
        (contactName, contactEmail, contactPhone) = (vendor.contactName, vendor.contactEmail, vendor.contactPhone)
        (website, notes, version) = (vendor.website, vendor.notes, vendor.version)
    }

    static let fieldSchemas: [String: JSONSchema] = [
        "name": .string(), "accountNumber": .string(), "contactName": .string(), "contactEmail": .string(format: "email", orEmpty: true),
        "contactPhone": .string(), "website": .string(), "notes": .string(),
    ]
    static let schema = JSONSchema.object(
        properties: fieldSchemas.merging(["id": .string(format: "uuid"), "version": .integer(minimum: 1)]) { $1 },
        required: ["id", "name", "accountNumber", "contactName", "contactEmail", "contactPhone", "website", "notes", "version"])
}

struct VendorBody: APIRequestBody {
    let name: String?
    let accountNumber: String?
    let contactName: String?
    let contactEmail: String?
    let contactPhone: String?
    let website: String?
    let notes: String?

    static let fieldNames = Set(VendorDTO.fieldSchemas.keys)
    func validate() -> [FieldError] { [] }  // ContractService.VendorInput.validate, after merging.

    func merged(over base: Vendor?, present: Set<String>) -> ContractService.VendorInput {
        func pick(_ key: String, _ new: String?, _ old: String?) -> String { (present.contains(key) ? new : old) ?? "" }
        return .init(
            name: pick("name", name, base?.name), accountNumber: pick("accountNumber", accountNumber, base?.accountNumber),
            contactName: pick("contactName", contactName, base?.contactName),
            contactEmail: pick("contactEmail", contactEmail, base?.contactEmail),
            contactPhone: pick("contactPhone", contactPhone, base?.contactPhone), website: pick("website", website, base?.website),
            notes: pick("notes", notes, base?.notes))
    }

    static let schema = JSONSchema.object(properties: VendorDTO.fieldSchemas, required: ["name"])
}
