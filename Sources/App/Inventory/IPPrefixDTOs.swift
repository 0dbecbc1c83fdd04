import Domain
import Foundation
import Vapor

struct IPPrefixDTO: Content {
    let id: UUID
    let prefix: String
    let family: String
    let status: IPStatus
    let siteId: UUID?
    let vlanId: UUID?
    let description: String
    let parent: String?
    let usedAddresses: Int?
    let usableAddresses: Int?
    /// Used ÷ usable, in hundredths of a per cent (1234 = 12.34 %).
    let utilisationBasisPoints: Int?
    let version: Int

    init(_ record: IPPrefixRecord, usage: IPAMService.PrefixUsage? = nil, parent: IPPrefix? = nil) {
        id = record.id!
        prefix = record.prefixText
        family = record.prefix?.family.rawValue ?? ""
        status = IPStatus(rawValue: record.status) ?? .active
        siteId = record.siteID
        vlanId = record.vlanID
        description = record.description
        self.parent = parent?.description
        usedAddresses = usage?.usedAddresses
        usableAddresses = usage?.usableAddresses
        utilisationBasisPoints = usage?.utilisationBasisPoints
        version = record.version
    }

    static let schema = JSONSchema.object(
        properties: [
            "id": .string(format: "uuid"), "prefix": .string(), "family": .string(enumeration: ["v4", "v6"]),
            "status": .string(enumeration: IPStatus.allCases.map(\.rawValue)), "siteId": .string(format: "uuid"),
            "vlanId": .string(format: "uuid"), "description": .string(), "parent": .string(), "usedAddresses": .integer(minimum: 0),
            "usableAddresses": .integer(minimum: 0), "utilisationBasisPoints": .integer(minimum: 0), "version": .integer(minimum: 1),
        ], required: ["id", "prefix", "family", "status", "description", "version"])
}

/// A prefix to record, or (PATCH) the fields to change: those left out keep their values, null clears siteId and vlanId.
struct IPPrefixBody: APIRequestBody {
    let prefix: String?
    let status: String?
    let siteId: UUID?
    let vlanId: UUID?
    let description: String?

    static let fieldNames: Set<String> = ["prefix", "status", "siteId", "vlanId", "description"]
    func validate() -> [FieldError] { [] }  // IPAMService, after merging.

    func merged(over base: IPPrefixRecord?, present: Set<String>) -> IPAMService.PrefixInput {
        func pick<Value>(_ key: String, _ new: Value?, _ old: Value?) -> Value? { present.contains(key) ? new : old }
        return .init(
            prefix: pick("prefix", prefix, base?.prefixText) ?? "",
            status: pick("status", status, base?.status) ?? IPStatus.active.rawValue,
            siteID: pick("siteId", siteId, base?.siteID), vlanID: pick("vlanId", vlanId, base?.vlanID),
            description: pick("description", description, base?.description) ?? "")
    }

    static let properties: [String: JSONSchema] = [
        "prefix": .string(), "status": .string(enumeration: IPStatus.allCases.map(\.rawValue)), "siteId": .string(format: "uuid"),
        "vlanId": .string(format: "uuid"), "description": .string(),
    ]
    static let schema = JSONSchema.object(properties: properties, required: ["prefix"])
    static let patchSchema = JSONSchema.object(properties: properties, required: [])
}

struct NextFreeDTO: Content {
    let prefix: String
    /// Nil when every usable address is taken.
    let address: String?

    static let schema = JSONSchema.object(properties: ["prefix": .string(), "address": .string()], required: ["prefix"])
}
