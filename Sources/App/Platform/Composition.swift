import Domain
import Fluent
import Vapor

/// The lists that name every capability, handed to the floor by the composition root (`Wiring/`) when the application
/// is configured. The floor serves them — readiness, `/metrics`, the OpenAPI document, the audit page — without naming
/// a capability itself.
struct Composition: Sendable {
    /// Every migration, in order (`Wiring/Application+Migrations.swift`).
    var migrations: [any AsyncMigration]
    /// Every schema the API documents, by name: the OpenAPI document and the strict JSON check read it.
    var apiSchemas: [String: JSONSchema]
    /// The record types the audit page names and links, and their readings of values.
    var auditSubjects: AuditSubjects
    /// What the capabilities add to `/metrics`, each given the request and whether the scraper may see details.
    var metrics: [@Sendable (Request, _ detailed: Bool) async throws -> String]
    /// The header's navigation, grouped, in the order shown.
    var navigation: [NavigationGroup]
    /// The lists with a column chooser, by the name in their address, with the page each belongs to.
    var listColumns: [String: (columns: ListColumns, page: Paths)]
    /// The address of the signed-in person's own calendar feed, when they have one (the profile page shows it).
    var personalCalendarURL: @Sendable (_ userID: UUID, Request) async throws -> String?
}
