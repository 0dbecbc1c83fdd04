import Domain

enum CablingAPIDocs {
    static let listInterfaces = APIDoc(
        summary: "A device's interfaces (`asset`: its tag) or a room's wall ports (`room`: its id).",
        query: [
            .init(name: "asset", schema: .string(), description: "The device's asset tag."),
            .init(name: "room", schema: .string(format: "uuid"), description: "The room, for wall ports."),
        ], response: .array(.ref("Interface")))
    static let createInterface = APIDoc(
        summary: "Record an interface on a device (assetTag) or a wall port in a room (roomId); MAC addresses in any usual spelling.",
        requestBody: .ref("InterfaceBody"), response: .ref("Interface"), successStatus: 201)
    static let getInterface = APIDoc(summary: "One interface.", response: .ref("Interface"))
    static let trace = APIDoc(
        summary: "Follow the cables from the interface through wall and patch-panel ports to the far end.",
        query: [
            .init(
                name: "side", schema: .string(enumeration: CableSide.allCases.map(\.rawValue)),
                description: "For a pass-through port: leave through its front or rear (default rear).")
        ],
        response: .ref("Trace"))
    static let listCables = APIDoc(summary: "Every cable with its two ends, by label.", response: .array(.ref("Cable")))
    static let createCable = APIDoc(
        summary:
            "Record a cable between two interface ends (side `front` or `rear` on pass-through ports, `port` elsewhere); an end holds one cable.",
        requestBody: .ref("CableBody"), response: .ref("Cable"), successStatus: 201)
    static let removeCable = APIDoc(summary: "Remove a cable.", successStatus: 204)
    static let configureAddress = APIDoc(
        summary: "Put an IP address on an interface, or take it off with null (If-Match: the address's version).",
        requestBody: .ref("AddressInterfaceBody"), response: .anyObject(description: "The address record."), conditional: true)
    static let lookup = APIDoc(
        summary:
            "What is at an IP or MAC address: the address record and its prefix, the interface, the device and its holder, and the cable path.",
        query: [.init(name: "q", schema: .string(), description: "An IP address (10.1.2.3, 2001:db8::5) or a MAC address.")],
        response: .ref("NetworkLookup"))
    static let listRacks = APIDoc(summary: "Every rack with its placements and free units.", response: .array(.ref("Rack")))
    static let createRack = APIDoc(
        summary: "Record a rack at a site.", requestBody: .ref("RackBody"), response: .ref("Rack"), successStatus: 201)
    static let getRack = APIDoc(summary: "One rack; the ETag is its version.", response: .ref("Rack"))
    static let place = APIDoc(
        summary: "Mount a device (by tag) from unit `position` up, `heightU` units tall; refused where another device is (If-Match).",
        requestBody: .ref("PlacementBody"), response: .ref("Rack"), conditional: true)
    static let unplace = APIDoc(
        summary: "Take a device out of its rack (If-Match: the rack's version).", response: .ref("Rack"), conditional: true)

    static let schemas: [String: JSONSchema] = [
        "Interface": InterfaceDTO.schema, "InterfaceBody": InterfaceBody.schema, "Cable": CableDTO.schema, "CableBody": CableBody.schema,
        "Trace": TraceDTO.schema, "AddressInterfaceBody": AddressInterfaceBody.schema, "NetworkLookup": NetworkLookup.schema,
        "Rack": RackDTO.schema, "RackBody": RackBody.schema, "PlacementBody": PlacementBody.schema,
    ]
}
