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
                "account, employee, equipment (with receipt confirmations), access (to the company's applications, current and taken away), usage (own internet and mail use under their pseudonyms), apiTokens, sessions, signInAttempts, activity and changesToMyRecords: all that is held about the caller."
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
