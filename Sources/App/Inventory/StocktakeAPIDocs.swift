import Domain

/// What the OpenAPI document says of the stocktake routes.
enum StocktakeAPIDocs {
    static let record = APIDoc(
        summary:
            "Record asset tags as seen now (a stocktake), optionally where; answers which were seen, unknown, or seen at another site.",
        requestBody: .ref("SightingsBody"), response: .ref("Sightings"))
    static let unseen = APIDoc(
        summary: "Assets in use not seen for `months` months (default 6) or never, never-seen first.",
        query: [
            .init(name: "months", schema: .integer(minimum: 1, maximum: 60), description: "How long unseen (default 6)."),
            .init(name: "site", schema: .string(format: "uuid"), description: "Only this site's assets."),
            .init(name: "limit", schema: .integer(minimum: 1, maximum: 500), description: "Page size (default 50)."),
            .init(name: "offset", schema: .integer(minimum: 0), description: "Items to skip."),
        ], response: .ref("Unseen"))

    static let schemas: [String: JSONSchema] = [
        "SightingsBody": SightingsBody.schema, "Sightings": SightingsDTO.schema, "Unseen": UnseenAssetsDTO.schema,
    ]
}
