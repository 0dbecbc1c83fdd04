import Domain
import Fluent
import Foundation
import Probes
import SQLKit
import Vapor

/// `/api/v1/checks`, `/api/v1/alerts` and `/api/v1/maintenance-windows`.
struct MonitorAPIController: Sendable {
    func service(_ req: Request) -> CheckService { CheckService(app: req.application, actor: req.auditActor) }

    func dto(_ check: Check, state: CheckStateRecord?, _ req: Request) async throws -> CheckDTO {
        var url: String?
        if check.kind == .heartbeat, req.may(.manageMonitoring), let token = service(req).token(of: check) {
            url = try await MonitorViews.heartbeatURL(token, req)
        }
        return CheckDTO(check, state: state, heartbeatURL: url)
    }

    func list(_ req: Request) async throws -> Response {
        struct Filters: Content {
            var limit: Int?
            var offset: Int?
            var assetId: UUID?
            var status: String?
            var kind: String?
        }
        let filters = try req.filters(Filters.self)
        let query = try ListQuery.parse(
            limit: filters.limit, offset: filters.offset, sort: nil, allowedSorts: ["name"], defaultSort: "name"
        )
        .get()
        if let status = filters.status, CheckStatus(rawValue: status) == nil {
            throw AppError.invalid(ValidationFailure([FieldError(field: "status", code: .invalid)]))
        }
        if let kind = filters.kind, CheckKind(rawValue: kind) == nil {
            throw AppError.invalid(ValidationFailure([FieldError(field: "kind", code: .invalid)]))
        }
        let (checks, states, total) = try await MonitorViews.checkPage(
            on: req.db, assetID: filters.assetId, status: filters.status.flatMap(CheckStatus.init), kind: filters.kind,
            text: nil, limit: query.limit, offset: query.offset)
        var items: [CheckDTO] = []
        for check in checks { items.append(try await dto(check, state: states[check.id!], req)) }
        return try .json(Page(items: items, total: total, query: query))
    }

    func get(_ req: Request) async throws -> Response {
        guard let check = try await Check.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        let state = try await CheckStateRecord.find(check.id, on: req.db)
        return try .json(try await dto(check, state: state, req), version: check.version)
    }

    func create(_ req: Request) async throws -> Response {
        let (body, present) = try req.decodeStrictWithKeys(CheckBody.self)
        let check = try await service(req).create(try body.merged(over: nil, present: present))
        let response = try Response.json(try await dto(check, state: nil, req), status: .created, version: check.version)
        response.headers.replaceOrAdd(name: .location, value: Paths.apiCheck.path(check.id!))
        return response
    }

    func update(_ req: Request) async throws -> Response {
        let version = try req.requiredIfMatchVersion()
        let (body, present) = try req.decodeStrictWithKeys(CheckBody.self)
        guard let current = try await Check.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        let check = try await service(req).update(current.id!, expectedVersion: version, try body.merged(over: current, present: present))
        let state = try await CheckStateRecord.find(check.id, on: req.db)
        return try .json(try await dto(check, state: state, req), version: check.version)
    }

    func delete(_ req: Request) async throws -> Response {
        try await service(req).delete(try req.requireID(), expectedVersion: try req.optionalIfMatchVersion())
        return Response(status: .noContent)
    }

    func run(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        guard try await Check.find(id, on: req.db) != nil else { throw AppError.notFound }
        try await req.application.monitor.runNow([id])
        return try await get(req)
    }

    func results(_ req: Request) async throws -> Response {
        struct Filters: Content {
            var limit: Int?
            var offset: Int?
        }
        let id = try req.requireID()
        guard try await Check.find(id, on: req.db) != nil else { throw AppError.notFound }
        let filters = try req.filters(Filters.self)
        let query = try ListQuery.parse(limit: filters.limit, offset: filters.offset, sort: nil, allowedSorts: ["at"], defaultSort: "at")
            .get()
        let (rows, total) = try await MonitorViews.results(of: id, limit: query.limit, offset: query.offset, on: req.db)
        return try .json(Page(items: rows, total: total, query: query))
    }

    /// `GET` or `POST /heartbeat/{token}`: a job says it has run. Public (the token is the secret); 404 for an
    /// unknown token, so tokens cannot be told apart from paths that do not exist.
    func heartbeat(_ req: Request) async throws -> Response {
        guard let token = req.parameters.get("token"), token.count <= 200,
            try await service(req).heartbeat(token: token)
        else { throw AppError.notFound }
        let response = Response(status: .ok, body: .init(string: "OK\n"))
        response.headers.contentType = .plainText
        return response
    }
}
