import Domain
import Foundation
import Vapor

struct CableDTO: Content {
    struct End: Content {
        let interfaceId: UUID
        let side: CableSide
        let label: String
    }

    let id: UUID
    let label: String
    let kind: CableKind
    let lengthCm: Int?
    let colour: String
    let a: End
    let b: End
    let version: Int

    init(_ cable: Cable, labels: [UUID: String]) {
        (id, label, kind, lengthCm, colour, version) = (
            cable.id!, cable.label, cable.kind, cable.lengthCentimetres, cable.colour, cable.version
        )
        a = End(interfaceId: cable.aInterfaceID, side: CableSide(rawValue: cable.aSide) ?? .port, label: labels[cable.aInterfaceID] ?? "")
        b = End(interfaceId: cable.bInterfaceID, side: CableSide(rawValue: cable.bSide) ?? .port, label: labels[cable.bInterfaceID] ?? "")
    }

    static let endSchema = JSONSchema.object(
        properties: [
            "interfaceId": .string(format: "uuid"), "side": .string(enumeration: CableSide.allCases.map(\.rawValue)), "label": .string(),
        ], required: ["interfaceId", "side"])
    static let schema = JSONSchema.object(
        properties: [
            "id": .string(format: "uuid"), "label": .string(), "kind": .string(enumeration: CableKind.allCases.map(\.rawValue)),
            "lengthCm": .nullable(.integer(minimum: 1)), "colour": .string(), "a": endSchema, "b": endSchema,
            "version": .integer(minimum: 1),
        ], required: ["id", "label", "kind", "colour", "a", "b", "version"])
}

struct CableBody: APIRequestBody {
    struct End: Codable, Sendable {
        let interfaceId: UUID
        let side: CableSide?
    }

    let label: String
    let kind: String?
    let lengthCm: Int?
    let colour: String?
    let a: End
    let b: End

    static let fieldNames: Set<String> = ["label", "kind", "lengthCm", "colour", "a", "b"]
    func validate() -> [FieldError] { [] }  // CablingService.CableInput.validate.

    var input: CablingService.CableInput {
        .init(
            label: label, kind: kind ?? CableKind.cat6.rawValue, lengthCentimetres: lengthCm, colour: colour ?? "",
            a: .init(interface: a.interfaceId, side: a.side ?? .port), b: .init(interface: b.interfaceId, side: b.side ?? .port))
    }

    static let schema = JSONSchema.object(
        properties: [
            "label": .string(), "kind": .string(enumeration: CableKind.allCases.map(\.rawValue)), "lengthCm": .integer(minimum: 1),
            "colour": .string(), "a": CableDTO.endSchema, "b": CableDTO.endSchema,
        ], required: ["label", "a", "b"])
}
