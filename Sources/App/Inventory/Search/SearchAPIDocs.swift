import Domain

/// What the OpenAPI document says of the search route.
enum SearchAPIDocs {
    static let search = APIDoc(
        summary:
            "Search the inventory by tag, serial, name or hostname, IP address or prefix, MAC address, DNS name or holder: the assets found, best match first, and the people, addresses and prefixes the text names.",
        query: [
            .init(
                name: "q", schema: .string(),
                description: "The text; fragments of names need three characters, identifiers and addresses match exactly.")
        ],
        response: .ref("SearchResult"))

    static let schemas: [String: JSONSchema] = [
        "SearchResult": .object(
            properties: [
                "query": .string(),
                "assets": .array(
                    .object(
                        properties: [
                            "id": .string(format: "uuid"), "tag": .string(), "name": .string(), "model": .string(),
                            "type": .string(enumeration: AssetType.allCases.map(\.rawValue)),
                            "status": .string(enumeration: AssetStatus.allCases.map(\.rawValue)), "holder": .nullable(.string()),
                            "site": .nullable(.string()), "match": .string(enumeration: SearchMatch.allCases.map(\.rawValue)),
                            "matched": .nullable(.string()),
                        ], required: ["id", "tag", "name", "model", "type", "status", "match"])),
                "moreAssets": .boolean,
                "people": .nullable(
                    .array(
                        .object(
                            properties: [
                                "id": .string(format: "uuid"), "employeeNumber": .string(), "name": .string(),
                                "status": .string(enumeration: EmploymentStatus.allCases.map(\.rawValue)), "assets": .integer(minimum: 0),
                            ], required: ["id", "employeeNumber", "name", "status", "assets"]))),
                "addresses": .array(
                    .object(
                        properties: [
                            "id": .string(format: "uuid"), "address": .string(), "dnsName": .nullable(.string()), "status": .string(),
                            "assetId": .nullable(.string(format: "uuid")),
                        ], required: ["id", "address", "status"])),
                "prefixes": .array(
                    .object(
                        properties: ["id": .string(format: "uuid"), "prefix": .string(), "description": .string(), "status": .string()],
                        required: ["id", "prefix", "description", "status"])),
            ], required: ["query", "assets", "moreAssets", "addresses", "prefixes"])
    ]
}
