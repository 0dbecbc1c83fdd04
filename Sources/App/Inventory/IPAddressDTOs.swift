import Domain
import Foundation
import Vapor

struct IPAddressDTO: Content {
    let id: UUID
    let address: String
    let prefixLength: Int?
    let status: IPStatus
    let dnsName: String?
    let description: String
    let interfaceId: UUID?
    let version: Int

    init(_ record: IPAddressRecord) {
        id = record.id!
        address = record.addressText
        prefixLength = record.prefixLength
        status = IPStatus(rawValue: record.status) ?? .active
        dnsName = record.dnsName
        description = record.description
        interfaceId = record.interfaceID
        version = record.version
    }

    static let schema = JSONSchema.object(
        properties: [
            "id": .string(format: "uuid"), "address": .string(), "prefixLength": .integer(minimum: 0),
            "status": .string(enumeration: IPStatus.allCases.map(\.rawValue)), "dnsName": .string(), "description": .string(),
            "interfaceId": .string(format: "uuid"), "version": .integer(minimum: 1),
        ], required: ["id", "address", "status", "description", "version"])
}

/// An address to record, or (PATCH) the fields to change: those left out keep their values.
struct IPAddressBody: APIRequestBody {
    let address: String?
    let status: String?
    let dnsName: String?
    let description: String?
    /// On creation only: the prefix the address is meant for; refused when the address lies outside it.
    let prefixId: UUID?

    static let fieldNames: Set<String> = ["address", "status", "dnsName", "description", "prefixId"]
    func validate() -> [FieldError] { [] }  // IPAMService, after merging.

    func merged(over base: IPAddressRecord?, present: Set<String>) -> IPAMService.AddressInput {
        func pick(_ key: String, _ new: String?, _ old: String?) -> String? { present.contains(key) ? new : old }
        // The stored mask goes with the stored address, unless the new address brings its own.
        let stored = base.map { record in record.prefixLength.map { "\(record.addressText)/\($0)" } ?? record.addressText }
        return .init(
            address: pick("address", address, stored) ?? "", status: pick("status", status, base?.status) ?? IPStatus.active.rawValue,
            dnsName: pick("dnsName", dnsName, base?.dnsName), description: pick("description", description, base?.description) ?? "",
            prefixID: base == nil ? prefixId : nil)
    }

    static let properties: [String: JSONSchema] = [
        "address": .string(), "status": .string(enumeration: IPStatus.allCases.map(\.rawValue)), "dnsName": .string(),
        "description": .string(),
    ]
    static let schema = JSONSchema.object(
        properties: properties.merging(["prefixId": .string(format: "uuid")]) { $1 }, required: ["address"])
    static let patchSchema = JSONSchema.object(properties: properties, required: [])
}
