import Directory
import Domain
import Fluent
import Foundation
import SQLKit

/// The one row that says where the company's directory is, how Quartermaster signs in to it (the service account's
/// password sealed with the installation's key), how accounts are named and filled, and how initial passwords are made.
final class DirectorySettings: Model, @unchecked Sendable {
    static let schema = "directory_settings"

    @ID(custom: "id", generatedBy: .user) var id: Int?
    @Field(key: "kind") var kindRaw: String
    @Field(key: "host") var host: String
    @Field(key: "port") var port: Int
    @Field(key: "security") var securityRaw: String
    /// PEM of the CA that signed the server's certificate; empty: the system's trust store.
    @Field(key: "ca_certificate") var caCertificate: String
    @Field(key: "timeout_seconds") var timeoutSeconds: Int
    @Field(key: "bind_dn") var bindDN: String
    @OptionalField(key: "bind_password_sealed") var bindPasswordSealed: String?
    @Field(key: "dn_template") var dnTemplate: String
    @Field(key: "username_template") var usernameTemplate: String
    @Field(key: "attributes") var attributesText: String
    @Field(key: "password_length") var passwordLength: Int
    @Field(key: "password_symbols") var passwordSymbols: Bool
    @Field(key: "version") var version: Int
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    static let passwordContext = "directory_settings.bind_password"

    static func current(on db: any Database) async throws -> DirectorySettings {
        guard let settings = try await DirectorySettings.find(1, on: db) else { throw AppError.notMigrated }
        return settings
    }

    var kind: DirectoryKind { DirectoryKind(rawValue: kindRaw) ?? .openLDAP }
    var security: LDAPServer.Security { LDAPServer.Security(rawValue: securityRaw) ?? .startTLS }
    /// A server, a service account and its password are set: provisioning can run.
    var isConfigured: Bool { !host.isEmpty && !bindDN.isEmpty && bindPasswordSealed != nil }
    var template: DirectoryTemplate {
        DirectoryTemplate(
            kind: kind, dn: dnTemplate, username: usernameTemplate, attributes: DirectoryTemplate.parseAttributes(attributesText) ?? [])
    }
    var passwordPolicy: InitialPasswordPolicy { InitialPasswordPolicy(length: passwordLength, symbols: passwordSymbols) }
    /// Where the accounts live: the DN template without its first component (`ou=people,dc=example,dc=com`).
    var usersBase: String {
        guard let comma = Self.firstUnescapedComma(dnTemplate) else { return "" }
        return String(dnTemplate[dnTemplate.index(after: comma)...]).trimmingCharacters(in: .whitespaces)
    }

    static func firstUnescapedComma(_ dn: String) -> String.Index? {
        var escaped = false
        for index in dn.indices {
            if escaped {
                escaped = false
            } else if dn[index] == "\\" {
                escaped = true
            } else if dn[index] == "," {
                return index
            }
        }
        return nil
    }

    var auditFields: [String: String] {
        [
            "kind": kindRaw, "host": host, "port": String(port), "security": securityRaw,
            "ca_certificate": caCertificate.isEmpty ? "" : "(set)", "timeout_seconds": String(timeoutSeconds), "bind_dn": bindDN,
            "bind_password": bindPasswordSealed == nil ? "" : "(set)", "dn_template": dnTemplate, "username_template": usernameTemplate,
            "attributes": attributesText, "password_length": String(passwordLength), "password_symbols": String(passwordSymbols),
        ]
    }
}

/// An employee's account in the directory, as Quartermaster made it (or linked it): its DN and name, whether it is
/// disabled, and the initial password sealed until the one person allowed to hand it over has seen it once.
final class DirectoryAccount: Model, @unchecked Sendable {
    static let schema = "directory_accounts"

    enum Status: String, CaseIterable, Sendable {
        /// Asked for; the account is made by the next provisioning run.
        case pending
        case active
        case disabled

        var labelKey: String { "directory.account.status.\(rawValue)" }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "employee_id") var employeeID: UUID
    @Field(key: "username") var username: String
    @Field(key: "dn") var dn: String
    @Field(key: "status") var statusRaw: String
    @OptionalField(key: "initial_password_sealed") var initialPasswordSealed: String?
    @OptionalField(key: "password_shown_at") var passwordShownAt: Date?
    @OptionalField(key: "password_shown_by") var passwordShownBy: String?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "disabled_at") var disabledAt: Date?

    init() {}

    var status: Status { Status(rawValue: statusRaw) ?? .pending }
    static func passwordContext(_ id: UUID) -> String { "directory_accounts.initial_password.\(id.uuidString)" }
}

/// One change to make in the directory, kept until it is done: made in the same transaction as the decision behind it
/// (a grant, a removal, an account asked for), carried out by the provisioning job, retried with backoff while the
/// server is down or refuses, and shown with the server's reason until it succeeds or someone gives up on it.
final class DirectoryOperation: Model, @unchecked Sendable {
    static let schema = "directory_operations"

    enum Kind: String, CaseIterable, Sendable {
        case createAccount = "create_account"
        case addMember = "add_member"
        case removeMember = "remove_member"
        case disableAccount = "disable_account"

        var labelKey: String { "directory.operation.\(rawValue)" }
        /// Of operations asked for at one moment, which goes first.
        var rank: Int {
            switch self {
            case .createAccount: 0
            case .addMember, .removeMember: 1
            case .disableAccount: 2
            }
        }
    }

    enum Status: String, CaseIterable, Sendable {
        case pending
        case done
        case failed

        var labelKey: String { "directory.operation.status.\(rawValue)" }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "employee_id") var employeeID: UUID
    @Field(key: "kind") var kindRaw: String
    /// The group of `add_member` and `remove_member`; empty otherwise.
    @Field(key: "group_dn") var groupDN: String
    @Field(key: "status") var statusRaw: String
    @Field(key: "attempts") var attempts: Int
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    @OptionalField(key: "last_error") var lastError: String?
    /// What was done, in words ("created as uid=mari.tamm2,… — mari.tamm was taken").
    @Field(key: "outcome") var outcome: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "created_by") var createdBy: String
    @OptionalField(key: "finished_at") var finishedAt: Date?

    init() {}

    var kind: Kind { Kind(rawValue: kindRaw) ?? .addMember }
    var status: Status { Status(rawValue: statusRaw) ?? .pending }

    static func make(_ kind: Kind, employee: UUID, group: String = "", at now: Date, by actor: String) -> DirectoryOperation {
        let operation = DirectoryOperation()
        (operation.id, operation.employeeID, operation.kindRaw, operation.groupDN) = (UUID(), employee, kind.rawValue, group)
        (operation.statusRaw, operation.attempts, operation.nextAttemptAt, operation.outcome) = (Status.pending.rawValue, 0, now, "")
        (operation.createdAt, operation.createdBy) = (now, actor)
        return operation
    }
}

/// The last comparison of the directory with what Quartermaster expects (one row), so the page shows it without
/// asking the server on every view.
final class DirectoryDrift: Model, @unchecked Sendable {
    static let schema = "directory_drift"

    @ID(custom: "id", generatedBy: .user) var id: Int?
    @OptionalField(key: "checked_at") var checkedAt: Date?
    /// `DirectoryComparison.Drift` as JSON.
    @Field(key: "result") var resultJSON: String
    @OptionalField(key: "error") var error: String?

    init() {}
}

struct CreateDirectory: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DirectorySettings.schema)
            .field("id", .int, .identifier(auto: false))
            .field("kind", .string, .required)
            .field("host", .string, .required)
            .field("port", .int, .required)
            .field("security", .string, .required)
            .field("ca_certificate", .string, .required)
            .field("timeout_seconds", .int, .required)
            .field("bind_dn", .string, .required)
            .field("bind_password_sealed", .string)
            .field("dn_template", .string, .required)
            .field("username_template", .string, .required)
            .field("attributes", .string, .required)
            .field("password_length", .int, .required)
            .field("password_symbols", .bool, .required)
            .field("version", .int, .required)
            .field("updated_at", .datetime, .required)
            .create()
        let settings = DirectorySettings()
        (settings.id, settings.kindRaw, settings.host, settings.port, settings.securityRaw) = (1, "openldap", "", 389, "starttls")
        (settings.caCertificate, settings.timeoutSeconds, settings.bindDN, settings.bindPasswordSealed) = ("", 10, "", nil)
        settings.dnTemplate = "uid={username},ou=people,dc=example,dc=com"
        (settings.usernameTemplate, settings.attributesText) = ("{given}.{family}", DirectoryTemplate.standardAttributes(.openLDAP))
        (settings.passwordLength, settings.passwordSymbols) = (
            InitialPasswordPolicy.standard.length, InitialPasswordPolicy.standard.symbols
        )
        (settings.version, settings.updatedAt) = (1, Date())
        try await settings.create(on: database)

        try await database.schema(DirectoryAccount.schema)
            .id()
            .field("employee_id", .uuid, .required, .references("employees", "id", onDelete: .cascade))
            .field("username", .string, .required)
            .field("dn", .string, .required)
            .field("status", .string, .required)
            .field("initial_password_sealed", .string)
            .field("password_shown_at", .datetime)
            .field("password_shown_by", .string)
            .field("created_at", .datetime, .required)
            .field("disabled_at", .datetime)
            .unique(on: "employee_id")
            .create()
        try await database.schema(DirectoryOperation.schema)
            .id()
            .field("employee_id", .uuid, .required, .references("employees", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("group_dn", .string, .required)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("last_error", .string)
            .field("outcome", .string, .required)
            .field("created_at", .datetime, .required)
            .field("created_by", .string, .required)
            .field("finished_at", .datetime)
            .create()
        try await database.sql.raw("CREATE INDEX directory_operations_due ON directory_operations (status, next_attempt_at)").run()
        try await database.sql.raw("CREATE INDEX directory_operations_employee ON directory_operations (employee_id)").run()
        try await database.schema(DirectoryDrift.schema)
            .field("id", .int, .identifier(auto: false))
            .field("checked_at", .datetime)
            .field("result", .string, .required)
            .field("error", .string)
            .create()
        let drift = DirectoryDrift()
        (drift.id, drift.resultJSON) = (1, "{}")
        try await drift.create(on: database)
    }

    func revert(on database: any Database) async throws {
        for schema in [DirectoryDrift.schema, DirectoryOperation.schema, DirectoryAccount.schema, DirectorySettings.schema] {
            try await database.schema(schema).delete()
        }
    }
}
