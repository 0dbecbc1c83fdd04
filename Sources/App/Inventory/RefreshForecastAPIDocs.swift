import Domain

/// What the OpenAPI document says of the refresh forecast route.
enum RefreshForecastAPIDocs {
    static let forecast = APIDoc(
        summary:
            "The refresh forecast: assets in use that fall due for replacement in each fiscal quarter ahead (overdue ones in the current quarter), with estimated cost per currency (model list price, else purchase cost), grouped by type, site or the holder's department.",
        query: [
            .init(
                name: "group", schema: .string(enumeration: RefreshForecastService.Grouping.allCases.map(\.rawValue)),
                description: "How to group: type (default), site or department."),
            .init(
                name: "quarters", schema: .integer(minimum: 1, maximum: RefreshForecastService.maximumQuarters),
                description: "Quarters ahead (default 12)."),
        ],
        response: .ref("RefreshForecast"))

    static let schemas: [String: JSONSchema] = ["RefreshForecast": RefreshForecastDTO.schema]
}
