import Domain
import Foundation
import Vapor

/// What the OpenAPI document says of each API route. Registered beside the route in `registerRoutes`.
enum APIDocs {
    static let paging: [APIDoc.QueryParameter] = [
        .init(name: "limit", schema: .integer(minimum: 1, maximum: 500), description: "Items per page (default 50)."),
        .init(name: "offset", schema: .integer(minimum: 0), description: "Items to skip."),
    ]

    static let me = APIDoc(summary: "The signed-in user and the actions their role allows.", response: .ref("Me"))
    static let listUsers = APIDoc(
        summary: "List user accounts.",
        query: paging + [
            .init(
                name: "sort", schema: .string(enumeration: UserDirectory.sorts.sorted().flatMap { [$0, "-" + $0] }),
                description: "Sort field; '-' for descending."),
            .init(name: "q", schema: .string(), description: "Text in name or e-mail."),
            .init(name: "role", schema: .string(enumeration: Role.allCases.map(\.rawValue)), description: "Only this role."),
            .init(name: "disabled", schema: .boolean, description: "Only disabled (true) or active (false) accounts."),
        ], response: .page(of: "User"))
    static let createUser = APIDoc(
        summary: "Create a user account.", requestBody: .ref("CreateUser"), response: .ref("User"), successStatus: 201)
    static let getUser = APIDoc(summary: "One user account; the ETag is its version.", response: .ref("User"))
    static let updateUser = APIDoc(
        summary: "Change a user account. Requires If-Match with the version read.", requestBody: .ref("UpdateUser"), response: .ref("User"),
        conditional: true)
    static let listTokens = APIDoc(summary: "The caller's API tokens (never their secrets).", response: .array(.ref("Token")))
    static let createToken = APIDoc(
        summary: "Create an API token for the caller; the secret is in this response only.", requestBody: .ref("CreateToken"),
        response: .ref("CreatedToken"), successStatus: 201)
    static let revokeToken = APIDoc(summary: "Revoke one of the caller's tokens.", successStatus: 204)
    static let listAudit = APIDoc(
        summary: "The audit trail, newest first by default.",
        query: paging + [
            .init(name: "sort", schema: .string(enumeration: ["sequence", "-sequence"]), description: "Order by sequence."),
            .init(name: "action", schema: .string(), description: "Only this action, e.g. user.update."),
            .init(name: "actor", schema: .string(), description: "Text in the actor's label."),
            .init(name: "entityType", schema: .string(), description: "Only entries about this kind of record."),
            .init(name: "entityId", schema: .string(), description: "Only entries about this record."),
        ], response: .page(of: "AuditEntry"))
    static let verifyAudit = APIDoc(summary: "Verify the audit trail's hash chain.", response: .ref("AuditVerification"))
    static let getOrganisation = APIDoc(summary: "The organisation's settings; the ETag is their version.", response: .ref("Organisation"))
    static let updateOrganisation = APIDoc(
        summary: "Change the organisation's settings. Requires If-Match.", requestBody: .ref("UpdateOrganisation"),
        response: .ref("Organisation"), conditional: true)
    static let roles = APIDoc(summary: "Every role and the actions it allows.", response: .array(.ref("Role")))
    static let jobs = APIDoc(summary: "Background jobs and their state.", response: .array(.ref("Job")))

    /// The floor's own schemas: accounts, tokens, the audit trail, settings, jobs, import reports and problems.
    static let schemas: [String: JSONSchema] = [
        "User": UserDTO.schema, "CreateUser": CreateUserBody.schema, "UpdateUser": UpdateUserBody.schema, "Token": TokenDTO.schema,
        "CreatedToken": CreatedTokenDTO.schema, "CreateToken": CreateTokenBody.schema, "AuditEntry": AuditEntryDTO.schema,
        "AuditVerification": AuditVerificationDTO.schema, "Organisation": OrganisationDTO.schema,
        "UpdateOrganisation": UpdateOrganisationBody.schema, "Role": RoleDTO.schema, "Job": JobDTO.schema, "Me": MeDTO.schema,
        "ImportReport": .object(
            properties: [
                "rows": .integer(minimum: 0), "created": .integer(minimum: 0), "updated": .integer(minimum: 0),
                "unchanged": .integer(minimum: 0), "skipped": .integer(minimum: 0),
                "committed": .boolean,
                "errors": .array(
                    .object(
                        properties: [
                            "row": .integer(minimum: 1), "column": .string(), "code": .string(), "message": .string(), "value": .string(),
                        ],
                        required: ["row", "column", "code", "message"])),
            ], required: ["rows", "created", "updated", "unchanged", "skipped", "committed", "errors"]),
        "PersonalData": .anyObject(
            description:
                "account, employee, equipment (with receipt confirmations), usage (own internet and mail use under their pseudonyms), apiTokens, sessions, signInAttempts, activity and changesToMyRecords: all that is held about the caller."
        ),
        "Problem": .object(
            properties: [
                "type": .string(format: "uri"), "title": .string(), "status": .integer(), "code": .string(), "detail": .nullable(.string()),
                "instance": .nullable(.string()),
                "invalidParams": .array(
                    .object(properties: ["name": .string(), "code": .string(), "reason": .string()], required: ["name", "code", "reason"])),
            ], required: ["type", "title", "status", "code"]),
    ]
}

/// Builds the OpenAPI 3.1 document from the registered routes, so it cannot forget one.
enum OpenAPIDocument {
    static func build(routes: [Route], schemas: [String: JSONSchema]) -> [String: Any] {
        var paths: [String: [String: Any]] = [:]
        for route in routes {
            guard let doc = route.apiDoc else { continue }
            let segments = route.path.map { component -> String in
                if case .parameter(let name) = component { return "{\(name)}" }
                return component.description
            }
            let path = "/" + segments.joined(separator: "/")
            var operation: [String: Any] = [
                "summary": doc.summary,
                "operationId":
                    "\(route.method.rawValue.lowercased())\(segments.map { $0.replacingOccurrences(of: "{", with: "by_").replacingOccurrences(of: "}", with: "").replacingOccurrences(of: ".", with: "_") }.joined(separator: "_"))",
                "security": [["bearer": [String]()]],
            ]
            var parameters: [[String: Any]] = doc.query.map {
                ["name": $0.name, "in": "query", "required": false, "schema": $0.schema.json, "description": $0.description]
            }
            for component in route.path {
                if case .parameter(let name) = component {
                    parameters.append(["name": name, "in": "path", "required": true, "schema": ["type": "string", "format": "uuid"]])
                }
            }
            if doc.conditional {
                parameters.append([
                    "name": "If-Match", "in": "header", "required": true, "schema": ["type": "string"],
                    "description": "The ETag (version) last read; a stale one is refused with 412.",
                ])
            }
            if !parameters.isEmpty { operation["parameters"] = parameters }
            if let body = doc.requestBody {
                operation["requestBody"] = ["required": true, "content": ["application/json": ["schema": body.json]]]
            } else if takesFile(route, doc) {
                operation["requestBody"] = [
                    "required": true,
                    "content": [
                        "text/csv": ["schema": ["type": "string"]],
                        "application/json": ["schema": ["type": "array", "items": ["type": "object"]]],
                    ],
                ]
            }
            var success: [String: Any] = ["description": "Success"]
            if let response = doc.response { success["content"] = ["application/json": ["schema": response.json]] }
            var responses: [String: Any] = [String(doc.successStatus): success]
            let problem: [String: Any] = ["content": ["application/problem+json": ["schema": ["$ref": "#/components/schemas/Problem"]]]]
            for (status, description) in errorResponses(for: route, doc) {
                responses[status] = problem.merging(["description": description]) { a, _ in a }
            }
            if takesFile(route, doc), let report = doc.response {
                // Wrong rows are answered with the report; a bad query parameter with problem details.
                responses["422"] = [
                    "description": "Rows with problems (the report), or invalid query parameters",
                    "content": [
                        "application/json": ["schema": report.json],
                        "application/problem+json": ["schema": ["$ref": "#/components/schemas/Problem"]],
                    ],
                ]
            }
            operation["responses"] = responses
            paths[path, default: [:]][route.method.rawValue.lowercased()] = operation
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Quartermaster API", "version": "1",
                "description":
                    "Run a company's IT. JSON, camelCase; errors are RFC 9457 problem details; lists page with limit and offset.",
            ],
            "paths": paths,
            "components": [
                "schemas": schemas.mapValues(\.json),
                "securitySchemes": [
                    "bearer": [
                        "type": "http", "scheme": "bearer",
                        "description": "An API token from the profile page or `quartermaster token create`.",
                    ]
                ],
            ],
        ]
    }

    /// A route that collects a larger body than the JSON limit without a JSON schema takes a file: the imports, CSV
    /// (`text/csv`) or JSON (an array of rows).
    private static func takesFile(_ route: Route, _ doc: APIDoc) -> Bool {
        doc.requestBody == nil && route.bodyLimit != nil
    }

    private static func errorResponses(for route: Route, _ doc: APIDoc) -> [(String, String)] {
        var result = [("401", "Not signed in"), ("403", "Not allowed")]
        if route.path.contains(where: { if case .parameter = $0 { return true } else { return false } }) {
            result.append(("404", "Not found"))
        }
        if doc.requestBody != nil {
            result += [
                ("400", "Malformed body or unknown field"), ("413", "Body too large"), ("415", "Not JSON"), ("422", "Invalid field values"),
            ]
        }
        if takesFile(route, doc) {
            result += [
                ("400", "No file"), ("409", "Records changed between the check and the import"), ("413", "File too large"),
                ("415", "Neither CSV nor JSON"),
            ]
        }
        if !doc.query.isEmpty { result.append(("422", "Invalid query parameters")) }
        if doc.conditional { result += [("412", "Stale version"), ("428", "If-Match missing")] }
        return result
    }
}
