import Directory
import Domain
import Fluent
import Foundation
import Vapor

/// The directory in the JSON API: its settings (the service account's password goes in and never comes out), the
/// queue of changes, an employee's account and its one-time initial password, and the comparison with the directory.
struct DirectoryAPIController: Sendable {
    func service(_ req: Request) -> DirectoryService { DirectoryService(app: req.application, actor: req.auditActor) }

    struct SettingsDTO: Content {
        let kind: String
        let host: String
        let port: Int
        let security: String
        let caCertificate: String
        let timeoutSeconds: Int
        let bindDN: String
        let passwordSet: Bool
        let dnTemplate: String
        let usernameTemplate: String
        let attributes: [String]
        let passwordLength: Int
        let passwordSymbols: Bool
        let configured: Bool
        let version: Int

        init(_ settings: DirectorySettings) {
            (kind, host, port, security) = (settings.kindRaw, settings.host, settings.port, settings.securityRaw)
            (caCertificate, timeoutSeconds, bindDN) = (settings.caCertificate, settings.timeoutSeconds, settings.bindDN)
            (passwordSet, dnTemplate, usernameTemplate) = (
                settings.bindPasswordSealed != nil, settings.dnTemplate, settings.usernameTemplate
            )
            attributes = settings.attributesText.split(whereSeparator: \.isNewline).map(String.init)
            (passwordLength, passwordSymbols, configured, version) =
                (settings.passwordLength, settings.passwordSymbols, settings.isConfigured, settings.version)
        }
    }

    struct SettingsBody: APIRequestBody {
        let kind: String?
        let host: String?
        let port: Int?
        let security: String?
        let caCertificate: String?
        let timeoutSeconds: Int?
        let bindDN: String?
        let bindPassword: String?
        let clearPassword: Bool?
        let dnTemplate: String?
        let usernameTemplate: String?
        let attributes: [String]?
        let passwordLength: Int?
        let passwordSymbols: Bool?

        static let fieldNames: Set<String> = [
            "kind", "host", "port", "security", "caCertificate", "timeoutSeconds", "bindDN", "bindPassword", "clearPassword", "dnTemplate",
            "usernameTemplate", "attributes", "passwordLength", "passwordSymbols",
        ]
        func validate() -> [FieldError] { [] }  // DirectoryService.problems, after applying.
    }

    func getSettings(_ req: Request) async throws -> Response {
        let settings = try await DirectorySettings.current(on: req.db)
        return try .json(SettingsDTO(settings), version: settings.version)
    }

    func updateSettings(_ req: Request) async throws -> Response {
        let version = try req.requiredIfMatchVersion()
        let body = try req.decodeStrict(SettingsBody.self)
        var changes = DirectoryService.SettingsChanges()
        (changes.kind, changes.host, changes.port, changes.security) = (body.kind, body.host, body.port, body.security)
        (changes.caCertificate, changes.timeoutSeconds, changes.bindDN) = (body.caCertificate, body.timeoutSeconds, body.bindDN)
        (changes.bindPassword, changes.clearPassword) = (body.bindPassword, body.clearPassword ?? false)
        (changes.dnTemplate, changes.usernameTemplate) = (body.dnTemplate, body.usernameTemplate)
        (changes.attributes, changes.passwordLength, changes.passwordSymbols) =
            (body.attributes?.joined(separator: "\n"), body.passwordLength, body.passwordSymbols)
        let settings = try await service(req).updateSettings(expectedVersion: version, changes)
        return try .json(SettingsDTO(settings), version: settings.version)
    }

    struct OperationDTO: Content {
        let id: UUID
        let employeeId: UUID
        let kind: String
        let group: String?
        let status: String
        let attempts: Int
        let nextAttemptAt: Date?
        let lastError: String?
        let outcome: String?
        let createdAt: Date
        let createdBy: String
        let finishedAt: Date?

        init(_ operation: DirectoryOperation) {
            (id, employeeId, kind) = (operation.id!, operation.employeeID, operation.kindRaw)
            (group, status, attempts) = (operation.groupDN.isEmpty ? nil : operation.groupDN, operation.statusRaw, operation.attempts)
            nextAttemptAt = operation.status == .pending ? operation.nextAttemptAt : nil
            (lastError, outcome) = (operation.lastError, operation.outcome.isEmpty ? nil : operation.outcome)
            (createdAt, createdBy, finishedAt) = (operation.createdAt, operation.createdBy, operation.finishedAt)
        }
    }

    struct OperationPage: Content {
        let items: [OperationDTO]
        let total: Int
        let limit: Int
        let offset: Int
    }

    /// The queue, newest first; `status` filters, `employeeId` narrows to one person.
    func listOperations(_ req: Request) async throws -> Response {
        struct Filters: Decodable {
            var limit: Int?
            var offset: Int?
            var status: String?
            var employeeId: UUID?
        }
        let filters = try req.filters(Filters.self)
        let (limit, offset) = try ListQuery.parse(
            limit: filters.limit, offset: filters.offset, sort: nil, allowedSorts: [], defaultSort: "created"
        ).map { ($0.limit, $0.offset) }.get()
        var query = DirectoryOperation.query(on: req.db)
        if let status = filters.status {
            guard DirectoryOperation.Status(rawValue: status) != nil else {
                throw ValidationFailure([FieldError(field: "status", code: .invalid)])
            }
            query = query.filter(\.$statusRaw == status)
        }
        if let employee = filters.employeeId { query = query.filter(\.$employeeID == employee) }
        let total = try await query.count()
        let rows = try await query.sort(\.$createdAt, .descending).sort(\.$id).range(offset..<(offset + limit)).all()
        return try .json(OperationPage(items: rows.map(OperationDTO.init), total: total, limit: limit, offset: offset))
    }

    func retry(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        try await service(req).retry(id)
        guard let operation = try await DirectoryOperation.find(id, on: req.db) else { throw AppError.notFound }
        return try .json(OperationDTO(operation))
    }

    struct AccountDTO: Content {
        let employeeId: UUID
        let status: String
        let username: String?
        let dn: String?
        let initialPasswordWaiting: Bool
        let passwordShownAt: Date?
        let createdAt: Date
        let disabledAt: Date?

        init(_ account: DirectoryAccount) {
            (employeeId, status) = (account.employeeID, account.statusRaw)
            (username, dn) = (account.username.isEmpty ? nil : account.username, account.dn.isEmpty ? nil : account.dn)
            (initialPasswordWaiting, passwordShownAt) = (account.initialPasswordSealed != nil, account.passwordShownAt)
            (createdAt, disabledAt) = (account.createdAt, account.disabledAt)
        }
    }

    func account(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        guard let account = try await DirectoryAccount.query(on: req.db).filter(\.$employeeID == id).first() else {
            throw AppError.notFound
        }
        return try .json(AccountDTO(account))
    }

    func requestAccount(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        try await service(req).requestAccount(for: id)
        guard let account = try await DirectoryAccount.query(on: req.db).filter(\.$employeeID == id).first() else {
            throw AppError.notFound
        }
        return try .json(AccountDTO(account), status: .accepted)
    }

    struct PasswordDTO: Content {
        let username: String
        let password: String
    }

    /// The initial password, this once; erased afterwards and the showing audited.
    func revealPassword(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let password = try await service(req).revealPassword(of: id)
        let account = try await DirectoryAccount.query(on: req.db).filter(\.$employeeID == id).first()
        let response = try Response.json(PasswordDTO(username: account?.username ?? "", password: password))
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    func disableAccount(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        try await service(req).disableAccount(of: id)
        guard let account = try await DirectoryAccount.query(on: req.db).filter(\.$employeeID == id).first() else {
            throw AppError.notFound
        }
        return try .json(AccountDTO(account), status: .accepted)
    }

    struct DriftDTO: Content {
        let checkedAt: Date?
        let error: String?
        let drift: DirectoryComparison.Drift?
    }

    func drift(_ req: Request) async throws -> Response {
        let last = try await DirectoryReconciliation.last(on: req.db)
        return try .json(DriftDTO(checkedAt: last?.checkedAt, error: last?.error, drift: last?.drift))
    }

    /// Compares now; a directory that cannot be used is a 502 with its reason.
    func check(_ req: Request) async throws -> Response {
        guard try await DirectorySettings.current(on: req.db).isConfigured else { throw AppError.conflict }
        do {
            let drift = try await DirectoryReconciliation.run(app: req.application)
            return try .json(DriftDTO(checkedAt: req.services.clock.now(), error: nil, drift: drift))
        } catch let error as LDAPError {
            throw Abort(.badGateway, reason: error.description)
        }
    }
}

/// What the OpenAPI document says of the directory routes.
enum DirectoryAPIDocs {
    static let getSettings = APIDoc(
        summary: "Where the directory is, the service account (never its password), and how accounts are named and filled.",
        response: .ref("DirectorySettings"))
    static let updateSettings = APIDoc(
        summary:
            "Change the directory settings (If-Match: the version). `bindPassword` sets the service account's password (sealed, never returned); `clearPassword` removes it.",
        requestBody: .ref("DirectorySettingsBody"), response: .ref("DirectorySettings"), conditional: true)
    static let listOperations = APIDoc(
        summary: "The changes queued for the directory, newest first, with their state, attempts, next attempt and the server's answer.",
        query: [
            .init(
                name: "status", schema: .string(enumeration: DirectoryOperation.Status.allCases.map(\.rawValue)),
                description: "Only operations in this state."),
            .init(name: "employeeId", schema: .string(format: "uuid"), description: "Only this employee's."),
        ] + APIDocs.paging, response: .ref("DirectoryOperationPage"))
    static let retry = APIDoc(
        summary: "Put an operation that was given up back in the queue.", response: .ref("DirectoryOperation"),
        conflict: "The operation is not given up (waiting or done)")
    static let account = APIDoc(summary: "The employee's account in the directory.", response: .ref("DirectoryAccount"))
    static let requestAccount = APIDoc(
        summary:
            "Ask for the employee's account: made by the next provisioning run, then added to the groups of their directory applications.",
        response: .ref("DirectoryAccount"), successStatus: 202,
        conflict: "The directory is not set up, the employee has left, or has an account already")
    static let revealPassword = APIDoc(
        summary: "The account's initial password, once: it is erased afterwards and the showing is audited.",
        response: .ref("DirectoryInitialPassword"))
    static let disableAccount = APIDoc(
        summary: "Ask for the account to be disabled (not deleted) by the next provisioning run.", response: .ref("DirectoryAccount"),
        successStatus: 202, conflict: "The account is disabled already")
    static let drift = APIDoc(summary: "The last comparison of the directory with Quartermaster.", response: .ref("DirectoryDrift"))
    static let check = APIDoc(
        summary: "Compare the directory with Quartermaster now (changes nothing).", response: .ref("DirectoryDrift"),
        conflict: "The directory is not set up", remote: "The directory could not be used (its reason in the message)")

    static let schemas: [String: JSONSchema] = {
        let account = JSONSchema.object(
            properties: [
                "dn": .string(), "employeeId": .nullable(.string(format: "uuid")), "name": .string(),
            ], required: ["dn", "name"])
        let membership = JSONSchema.object(
            properties: [
                "group": .string(), "dn": .string(), "employeeId": .nullable(.string(format: "uuid")), "name": .string(),
            ], required: ["group", "dn", "name"])
        return [
            "DirectorySettings": .object(
                properties: [
                    "kind": .string(enumeration: DirectoryKind.allCases.map(\.rawValue)), "host": .string(), "port": .integer(minimum: 1),
                    "security": .string(enumeration: LDAPServer.Security.allCases.map(\.rawValue)), "caCertificate": .string(),
                    "timeoutSeconds": .integer(minimum: 1), "bindDN": .string(), "passwordSet": .boolean, "dnTemplate": .string(),
                    "usernameTemplate": .string(), "attributes": .array(.string()), "passwordLength": .integer(minimum: 12),
                    "passwordSymbols": .boolean, "configured": .boolean, "version": .integer(minimum: 1),
                ],
                required: [
                    "kind", "host", "port", "security", "caCertificate", "timeoutSeconds", "bindDN", "passwordSet", "dnTemplate",
                    "usernameTemplate", "attributes", "passwordLength", "passwordSymbols", "configured", "version",
                ]),
            "DirectorySettingsBody": .object(
                properties: [
                    "kind": .string(enumeration: DirectoryKind.allCases.map(\.rawValue)), "host": .string(), "port": .integer(minimum: 1),
                    "security": .string(enumeration: LDAPServer.Security.allCases.map(\.rawValue)), "caCertificate": .string(),
                    "timeoutSeconds": .integer(minimum: 1), "bindDN": .string(), "bindPassword": .string(), "clearPassword": .boolean,
                    "dnTemplate": .string(), "usernameTemplate": .string(), "attributes": .array(.string()),
                    "passwordLength": .integer(minimum: 12), "passwordSymbols": .boolean,
                ], required: []),
            "DirectoryOperation": .object(
                properties: [
                    "id": .string(format: "uuid"), "employeeId": .string(format: "uuid"),
                    "kind": .string(enumeration: DirectoryOperation.Kind.allCases.map(\.rawValue)), "group": .nullable(.string()),
                    "status": .string(enumeration: DirectoryOperation.Status.allCases.map(\.rawValue)), "attempts": .integer(minimum: 0),
                    "nextAttemptAt": .nullable(.string(format: "date-time")), "lastError": .nullable(.string()),
                    "outcome": .nullable(.string()), "createdAt": .string(format: "date-time"), "createdBy": .string(),
                    "finishedAt": .nullable(.string(format: "date-time")),
                ], required: ["id", "employeeId", "kind", "status", "attempts", "createdAt", "createdBy"]),
            "DirectoryOperationPage": .object(
                properties: [
                    "items": .array(.ref("DirectoryOperation")), "total": .integer(minimum: 0), "limit": .integer(minimum: 1),
                    "offset": .integer(minimum: 0),
                ], required: ["items", "total", "limit", "offset"]),
            "DirectoryAccount": .object(
                properties: [
                    "employeeId": .string(format: "uuid"),
                    "status": .string(enumeration: DirectoryAccount.Status.allCases.map(\.rawValue)), "username": .nullable(.string()),
                    "dn": .nullable(.string()), "initialPasswordWaiting": .boolean,
                    "passwordShownAt": .nullable(.string(format: "date-time")),
                    "createdAt": .string(format: "date-time"), "disabledAt": .nullable(.string(format: "date-time")),
                ], required: ["employeeId", "status", "initialPasswordWaiting", "createdAt"]),
            "DirectoryInitialPassword": .object(
                properties: ["username": .string(), "password": .string()], required: ["username", "password"]),
            "DirectoryDrift": .object(
                properties: [
                    "checkedAt": .nullable(.string(format: "date-time")), "error": .nullable(.string()),
                    "drift": .nullable(
                        .object(
                            properties: [
                                "stillEnabled": .array(account), "withoutEmployee": .array(account), "missing": .array(account),
                                "unexpectedMembers": .array(membership), "missingMembers": .array(membership),
                                "missingGroups": .array(.string()),
                            ],
                            required: [
                                "stillEnabled", "withoutEmployee", "missing", "unexpectedMembers", "missingMembers", "missingGroups",
                            ])),
                ], required: []),
        ]
    }()
}
