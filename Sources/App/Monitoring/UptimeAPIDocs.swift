import Domain

/// What the OpenAPI document says of the uptime report's route.
enum UptimeAPIDocs {
    static let report = APIDoc(
        summary:
            "Uptime for a calendar month in the organisation's time zone (default: the current month, up to now), per site, per asset or named service, and per check: SLA in basis points (9995 = 99.95 %), up and down seconds, incidents, MTTR and MTBF; maintenance windows count as neither up nor down. Then the month's incidents (alerts).",
        query: [.init(name: "month", schema: .string(), description: "The month, 2026-11. A month not yet begun: 422 naming month.")],
        response: .ref("UptimeReport"))

    static let schemas: [String: JSONSchema] = [
        "UptimeReport": UptimeReportDTO.schema, "UptimeLine": UptimeLineDTO.schema, "UptimeIncident": UptimeIncidentDTO.schema,
    ]
}
