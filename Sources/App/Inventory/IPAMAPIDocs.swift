import Domain

/// What the OpenAPI document says of the IPAM routes.
enum IPAMAPIDocs {
    static let listPrefixes = APIDoc(
        summary: "Every IP prefix, in address order (enclosing prefixes first).", response: .array(.ref("IPPrefix")))
    static let createPrefix = APIDoc(
        summary: "Record a prefix (CIDR, network address); a duplicate is refused (422 taken), host bits set give host_bits_set.",
        requestBody: .ref("IPPrefixBody"), response: .ref("IPPrefix"), successStatus: 201)
    static let getPrefix = APIDoc(
        summary: "One prefix with its parent and utilisation; the ETag is its version.", response: .ref("IPPrefix"))
    static let updatePrefix = APIDoc(
        summary:
            "Change a prefix (If-Match: its version); fields left out keep their values. The VLAN must be at the prefix's site (422 vlan_other_site).",
        requestBody: .ref("IPPrefixPatch"), response: .ref("IPPrefix"), conditional: true)
    static let deletePrefix = APIDoc(
        summary: "Remove a prefix; the addresses inside it stay. With If-Match, a prefix changed since is not removed (412).",
        successStatus: 204)
    static let nextFree = APIDoc(
        summary: "The lowest usable address of the prefix that no recorded address takes.", response: .ref("NextFree"))
    static let listAddresses = APIDoc(
        summary: "IP addresses in address order.",
        query: APIDocs.paging + [
            .init(name: "prefix", schema: .string(), description: "Only addresses inside this prefix, e.g. 10.1.0.0/16.")
        ],
        response: .page(of: "IPAddress"))
    static let createAddress = APIDoc(
        summary:
            "Record an address (optionally with the interface's mask); an address already recorded, in any spelling, is refused (422 taken).",
        requestBody: .ref("IPAddressBody"), response: .ref("IPAddress"), successStatus: 201)

    static let getAddress = APIDoc(summary: "One address; the ETag is its version.", response: .ref("IPAddress"))
    static let updateAddress = APIDoc(
        summary: "Change an address (If-Match: its version); fields left out keep their values, the interface it is on stays.",
        requestBody: .ref("IPAddressPatch"), response: .ref("IPAddress"), conditional: true)
    static let deleteAddress = APIDoc(
        summary: "Remove an address. With If-Match, an address changed since is not removed (412).", successStatus: 204)

    static let importAddresses = APIDoc.tableImport("Check or import IP addresses from CSV or JSON, matched by address.")
    static let exportAddresses = APIDoc.tableExport("IP address")

    static let schemas: [String: JSONSchema] = [
        "IPPrefix": IPPrefixDTO.schema, "IPPrefixBody": IPPrefixBody.schema, "IPPrefixPatch": IPPrefixBody.patchSchema,
        "IPAddress": IPAddressDTO.schema, "IPAddressBody": IPAddressBody.schema, "IPAddressPatch": IPAddressBody.patchSchema,
        "NextFree": NextFreeDTO.schema,
    ]
}
