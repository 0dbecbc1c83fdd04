import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The audit trail, the organisation's settings, the roles and the jobs.
extension APIController {
    func listAudit(_ req: Request) async throws -> Response {
        let (entries, total, query) = try await AuditQuery.list(req)
        return try .json(Page(items: entries.map(AuditEntryDTO.init), total: total, query: query))
    }

    func verifyAudit(_ req: Request) async throws -> Response {
        try .json(AuditVerificationDTO(try await req.application.auditSeal.verify(on: req.db)))
    }

    func getOrganisation(_ req: Request) async throws -> Response {
        let settings = try await OrganisationSettings.current(on: req.db)
        return try .json(OrganisationDTO(settings), version: settings.version)
    }

    func updateOrganisation(_ req: Request) async throws -> Response {
        let version = try req.requiredIfMatchVersion()
        let body = try req.decodeStrict(UpdateOrganisationBody.self)
        let settings = try await OrganisationSettingsService(app: req.application, actor: req.auditActor).update(
            expectedVersion: version,
            .init(
                name: body.name, defaultLanguage: body.defaultLanguage, timeZone: body.timeZone, defaultCurrency: body.defaultCurrency,
                fiscalYearStartMonth: body.fiscalYearStartMonth, assetTagPrefix: body.assetTagPrefix))
        return try .json(OrganisationDTO(settings), version: settings.version)
    }

    func roles(_ req: Request) async throws -> Response {
        let table = req.services.permissions
        return try .json(
            Role.allCases.map { role in RoleDTO(role: role, actions: Action.allCases.filter { table.allows(role, $0) }.map(\.rawValue)) })
    }

    func jobs(_ req: Request) async throws -> Response {
        try .json(try await Job.query(on: req.db).sort(\.$runAt).limit(500).all().map(JobDTO.init))
    }
}
