import Domain
import Foundation
import Vapor

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
