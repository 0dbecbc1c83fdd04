import Domain
import Fluent
import Foundation

final class User: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    @Field(key: "email") var email: String
    @Field(key: "name") var name: String
    @Field(key: "role") var roleRaw: String
    @Field(key: "password_hash") var passwordHash: String
    @OptionalField(key: "language") var languageRaw: String?
    @Field(key: "disabled") var disabled: Bool
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalField(key: "last_sign_in_at") var lastSignInAt: Date?
    @OptionalField(key: "time_zone") var timeZone: String?
    @OptionalField(key: "page_size") var pageSize: Int?
    @OptionalField(key: "colour_scheme") var colourScheme: String?
    /// The columns chosen per list (`ListColumns.Choices`); nil: every list shows its defaults.
    @OptionalField(key: "list_columns") var listColumns: String?

    init() {}

    init(email: String, name: String, role: Role, passwordHash: String, language: Language?, now: Date) {
        self.email = email
        self.name = name
        self.roleRaw = role.rawValue
        self.passwordHash = passwordHash
        self.languageRaw = language?.rawValue
        self.disabled = false
        self.version = 1
        self.createdAt = now
        self.updatedAt = now
    }

    var role: Role { Role(rawValue: roleRaw) ?? .employee }
    var language: Language? { languageRaw.flatMap(Language.init(rawValue:)) }

    var preferences: UserPreferences {
        get { UserPreferences(storedTimeZone: timeZone, pageSize: pageSize, scheme: colourScheme) }
        set { (timeZone, pageSize, colourScheme) = (newValue.timeZone, newValue.pageSize, newValue.scheme.rawValue) }
    }

    /// The fields the audit trail compares before and after a change (never the password hash).
    var auditFields: [String: String] {
        [
            "email": email, "name": name, "role": roleRaw, "language": languageRaw ?? "", "disabled": String(disabled),
            "time_zone": timeZone ?? "", "page_size": pageSize.map(String.init) ?? "", "colour_scheme": colourScheme ?? "",
            "list_columns": listColumns ?? "",
        ]
    }
}
