import Domain
import Fluent
import Foundation

/// One of the applications the company runs (mail, ERP, CRM, VPN, the wiki…): who owns it, where people sign in, the
/// software product and licence it consumes, how access is given, and who gets it by default.
final class CompanyApp: Model, @unchecked Sendable {
    static let schema = "company_apps"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "name_key") var nameKey: String
    @Field(key: "description") var details: String
    /// The employee who answers for it.
    @OptionalField(key: "owner_id") var ownerID: UUID?
    @Field(key: "sign_in_url") var signInURL: String
    @OptionalField(key: "software_product_id") var productID: UUID?
    @OptionalField(key: "licence_id") var licenceID: UUID?
    @Field(key: "method") var methodRaw: String
    /// The directory groups that give access, one per line (distinguished names or names).
    @Field(key: "directory_groups") var directoryGroupsText: String
    /// What the person who grants access by hand does.
    @Field(key: "instructions") var instructions: String
    /// `[AccessAudience]` as JSON.
    @Field(key: "audiences") var audiencesJSON: String
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var method: AccessMethod { AccessMethod(rawValue: methodRaw) ?? .manual }
    var directoryGroups: [String] { directoryGroupsText.split(separator: "\n").map(String.init) }
    var audiences: [AccessAudience] {
        (try? JSONDecoder().decode([AccessAudience].self, from: Data(audiencesJSON.utf8))) ?? []
    }

    static func encode(_ audiences: [AccessAudience]) -> String {
        String(decoding: (try? JSONEncoder().encode(audiences)) ?? Data("[]".utf8), as: UTF8.self)
    }

    var auditFields: [String: String] {
        [
            "name": name, "description": details, "owner": ownerID?.uuidString ?? "", "sign_in_url": signInURL,
            "product": productID?.uuidString ?? "", "licence": licenceID?.uuidString ?? "", "method": methodRaw,
            "directory_groups": directoryGroups.joined(separator: ", "), "instructions": instructions,
            "audiences": audiences.map { $0.value.isEmpty ? $0.kind : "\($0.kind):\($0.value)" }.joined(separator: ", "),
        ]
    }
}

extension CompanyApp: VersionedRecord {
    static let auditEntityType = "application"
    var auditLabel: String { name }
    static func auditPath(_ id: UUID) -> String? { Paths.application.path(id) }
}

/// A person's access to an application: since when, given by whom and how, and, once taken away, when and by whom.
/// Kept after removal as the record of who had access when.
final class AccessGrant: Model, @unchecked Sendable {
    static let schema = "access_grants"

    @ID(key: .id) var id: UUID?
    @Field(key: "app_id") var appID: UUID
    @Field(key: "employee_id") var employeeID: UUID
    @Field(key: "method") var methodRaw: String
    /// Given because the person's placement includes the application's default audience, not decided one by one.
    @Field(key: "by_default") var byDefault: Bool
    @Field(key: "note") var note: String
    @Field(key: "granted_at") var grantedAt: Date
    @Field(key: "granted_by") var grantedBy: String
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    @OptionalField(key: "revoked_by") var revokedBy: String?
    @OptionalField(key: "revoke_note") var revokeNote: String?

    init() {}

    var method: AccessMethod { AccessMethod(rawValue: methodRaw) ?? .manual }
    var isActive: Bool { revokedAt == nil }
}

struct CreateCompanyApps: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CompanyApp.schema)
            .id()
            .field("name", .string, .required)
            .field("name_key", .string, .required)
            .field("description", .string, .required)
            .field("owner_id", .uuid, .references("employees", "id", onDelete: .setNull))
            .field("sign_in_url", .string, .required)
            .field("software_product_id", .uuid, .references("software_products", "id", onDelete: .setNull))
            .field("licence_id", .uuid, .references("licences", "id", onDelete: .setNull))
            .field("method", .string, .required)
            .field("directory_groups", .string, .required)
            .field("instructions", .string, .required)
            .field("audiences", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "name_key")
            .create()
        try await database.schema(AccessGrant.schema)
            .id()
            .field("app_id", .uuid, .required, .references(CompanyApp.schema, "id", onDelete: .cascade))
            .field("employee_id", .uuid, .required, .references("employees", "id", onDelete: .cascade))
            .field("method", .string, .required)
            .field("by_default", .bool, .required)
            .field("note", .string, .required)
            .field("granted_at", .datetime, .required)
            .field("granted_by", .string, .required)
            .field("revoked_at", .datetime)
            .field("revoked_by", .string)
            .field("revoke_note", .string)
            .create()
        // At most one current grant per person and application; removed ones stay as history.
        try await database.sql.raw(
            "CREATE UNIQUE INDEX access_grants_current ON access_grants (app_id, employee_id) WHERE revoked_at IS NULL"
        ).run()
        try await database.sql.raw("CREATE INDEX access_grants_employee ON access_grants (employee_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AccessGrant.schema).delete()
        try await database.schema(CompanyApp.schema).delete()
    }
}
