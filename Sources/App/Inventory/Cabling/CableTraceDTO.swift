import Domain
import Foundation
import Vapor

struct TraceDTO: Content {
    struct Hop: Content {
        let from: CableDTO.End
        let cable: String
        let cableId: UUID
        let kind: CableKind
        let lengthCm: Int?
        let colour: String
        let to: CableDTO.End
    }

    let start: String
    let hops: [Hop]
    /// `interface` (reached a device), `open` (stops at a port with nothing beyond) or `loop` (miswired).
    let end: String
    let farInterface: String?
    let farAssetId: UUID?
    let farAssetTag: String?

    init(_ path: CablingService.TracedPath) {
        start = path.labels[path.start.id!] ?? path.start.name
        hops = path.hops.map { hop in
            Hop(
                from: .init(interfaceId: hop.from.id!, side: hop.fromSide, label: path.labels[hop.from.id!] ?? ""), cable: hop.cable.label,
                cableId: hop.cable.id!, kind: hop.cable.kind, lengthCm: hop.cable.lengthCentimetres, colour: hop.cable.colour,
                to: .init(interfaceId: hop.to.id!, side: hop.toSide, label: path.labels[hop.to.id!] ?? ""))
        }
        switch path.end {
        case .interface(let id): (end, farInterface) = ("interface", path.labels[id])
        case .open(let endpoint): (end, farInterface) = ("open", path.labels[endpoint.interface])
        case .loop: (end, farInterface) = ("loop", nil)
        }
        (farAssetId, farAssetTag) = (path.farAsset?.id, path.farAsset?.tag)
    }

    static let schema = JSONSchema.object(
        properties: [
            "start": .string(),
            "hops": .array(
                .object(
                    properties: [
                        "from": CableDTO.endSchema, "cable": .string(), "cableId": .string(format: "uuid"),
                        "kind": .string(enumeration: CableKind.allCases.map(\.rawValue)), "lengthCm": .nullable(.integer()),
                        "colour": .string(),
                        "to": CableDTO.endSchema,
                    ], required: ["from", "cable", "cableId", "kind", "colour", "to"])),
            "end": .string(enumeration: ["interface", "open", "loop"]), "farInterface": .nullable(.string()),
            "farAssetId": .nullable(.string(format: "uuid")), "farAssetTag": .nullable(.string()),
        ], required: ["start", "hops", "end"])
}
