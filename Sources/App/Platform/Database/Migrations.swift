import Fluent
import Foundation
import SQLKit

/// Every migration, in order. Never edit one that has landed; add a new one.
enum Migrations {
    static let all: [any AsyncMigration] = [
        CreateUsers(),
        CreateSessions(),
        CreateAPITokens(),
        CreateLoginAttempts(),
        CreateAuditTrail(),
        CreateOrganisation(),
        CreateJobs(),
        AddOrganisationFinance(),
        CreateSites(),
        CreateCostCentresAndDepartments(),
        CreateEmployees(),
        AddEmployeeDirectoryIndexes(),
        AddEmployeeNameSearch(),
        AddStructureArchiving(),
        AddEmployeeCounts(),
        CreateIPAM(),
        CreateAssets(),
        CreateContracts(),
        CreateSoftware(),
        CreateEvaluations(),
        CreateCabling(),
        AddAssetSightings(),
        CreateNumbering(),
        AddInventorySearch(),
        AddCustomFields(),
        AddAssetListIndexes(),
        AddNotifications(),
        AddPrefixVLANs(),
        AddAssetEventImportMark(),
        AddOutboxErrorCodes(),
        CreateMonitoring(),
        CreatePreventiveMaintenance(),
        AddStatusPage(),
        AddForecasts(),
        AddCheckListIndexes(),
        CreateUsage(),
        CreateUsageCategories(),
        CreateUsageFindings(),
        AddAuditHeadSeal(),
    ]
}

struct CreateUsers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users")
            .id()
            .field("email", .string, .required)
            .field("name", .string, .required)
            .field("role", .string, .required)
            .field("password_hash", .string, .required)
            .field("language", .string)
            .field("disabled", .bool, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("last_sign_in_at", .datetime)
            .unique(on: "email")
            .create()
    }

    // Loses every account.
    func revert(on database: any Database) async throws {
        try await database.schema("users").delete()
    }
}

struct CreateSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sessions")
            .id()
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("csrf_token", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("client_address", .string)
            .field("user_agent", .string)
            .unique(on: "token_hash")
            .create()
    }

    // Signs everybody out.
    func revert(on database: any Database) async throws {
        try await database.schema("sessions").delete()
    }
}

struct CreateAPITokens: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("api_tokens")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("label", .string, .required)
            .field("token_hash", .string, .required)
            .field("scope", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime)
            .field("last_used_at", .datetime)
            .field("revoked_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    // Loses every API token.
    func revert(on database: any Database) async throws {
        try await database.schema("api_tokens").delete()
    }
}

struct CreateLoginAttempts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("login_attempts")
            .id()
            .field("email", .string, .required)
            .field("client_address", .string, .required)
            .field("occurred_at", .datetime, .required)
            .field("succeeded", .bool, .required)
            .create()
        let sql = database.sql
        try await sql.create(index: "login_attempts_email_time").on("login_attempts").column("email").column("occurred_at").run()
        try await sql.create(index: "login_attempts_address_time").on("login_attempts").column("client_address").column("occurred_at")
            .run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("login_attempts").delete()
    }
}

struct CreateAuditTrail: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_entries")
            .field("sequence", .int64, .identifier(auto: false))
            .field("occurred_at_ms", .int64, .required)
            .field("actor_id", .string)
            .field("actor_label", .string, .required)
            .field("action", .string, .required)
            .field("entity_type", .string)
            .field("entity_id", .string)
            .field("changes", .string, .required)
            .field("client_address", .string)
            .field("previous_hash", .string, .required)
            .field("hash", .string, .required)
            .create()
        try await database.schema("audit_head")
            .field("id", .int, .identifier(auto: false))
            .field("sequence", .int64, .required)
            .field("hash", .string, .required)
            .create()
        let sql = database.sql
        try await sql.create(index: "audit_entries_time").on("audit_entries").column("occurred_at_ms").run()
        try await sql.create(index: "audit_entries_entity").on("audit_entries").column("entity_type").column("entity_id").run()
    }

    // Loses the audit trail.
    func revert(on database: any Database) async throws {
        try await database.schema("audit_head").delete()
        try await database.schema("audit_entries").delete()
    }
}

struct CreateOrganisation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("organisation")
            .field("id", .int, .identifier(auto: false))
            .field("name", .string, .required)
            .field("default_language", .string, .required)
            .field("time_zone", .string, .required)
            .field("version", .int, .required)
            .field("updated_at", .datetime, .required)
            .create()
        let sql = database.sql
        try await sql.insert(into: "organisation")
            .columns("id", "name", "default_language", "time_zone", "version", "updated_at")
            .values(SQLBind(1), SQLBind("Quartermaster"), SQLBind("en"), SQLBind("Europe/Berlin"), SQLBind(1), SQLBind(Date()))
            .run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("organisation").delete()
    }
}

struct CreateJobs: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("jobs")
            .id()
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("schedule", .string)
            .field("payload", .string, .required)
            .field("status", .string, .required)
            .field("run_at", .datetime, .required)
            .field("attempts", .int, .required)
            .field("max_attempts", .int, .required)
            .field("lease_owner", .string)
            .field("lease_expires_at", .datetime)
            .field("last_error", .string)
            .field("last_run_at", .datetime)
            .field("last_success_at", .datetime)
            .field("created_at", .datetime, .required)
            // Scheduled jobs carry their name here so that two instances starting at once register each only once;
            // NULL for queued jobs (NULLs never collide in a unique index on SQLite or PostgreSQL).
            .field("dedupe_key", .string)
            .unique(on: "dedupe_key")
            .create()
        let sql = database.sql
        try await sql.create(index: "jobs_due").on("jobs").column("status").column("run_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("jobs").delete()
    }
}
