import Domain

/// What the OpenAPI document says of the risks' route.
enum RiskAPIDocs {
    static let list = APIDoc(
        summary:
            "What will fail within 90 days, soonest first: checks whose trend reaches their limit (the forecast job fits the last 30 days of hourly figures every six hours: disk usage from SNMP, days a certificate has left, response times), assets whose warranty ends, and models in use that reach their end of life.",
        response: .array(.ref("Risk")))

    static let schemas: [String: JSONSchema] = ["Risk": RiskDTO.schema]
}
