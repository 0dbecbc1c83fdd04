import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The IPAM part of the JSON API.
struct IPAMAPIController: Sendable {
    func service(_ req: Request) -> IPAMService { IPAMService(app: req.application, actor: req.auditActor) }

    func listPrefixes(_ req: Request) async throws -> Response {
        try .json(try await IPPrefixRecord.query(on: req.db).sort(\.$firstKey).sort(\.$length).all().map { IPPrefixDTO($0) })
    }

    func createPrefix(_ req: Request) async throws -> Response {
        let (body, present) = try req.decodeStrictWithKeys(IPPrefixBody.self)
        let record = try await service(req).createPrefix(body.merged(over: nil, present: present))
        let response = try Response.json(try await detail(record, on: req.db), status: .created, version: record.version)
        response.headers.replaceOrAdd(name: .location, value: Paths.apiIPPrefix.path(record.id!))
        return response
    }

    func getPrefix(_ req: Request) async throws -> Response {
        let record = try await prefixRecord(req)
        return try .json(try await detail(record, on: req.db), version: record.version)
    }

    func updatePrefix(_ req: Request) async throws -> Response {
        let version = try req.requiredIfMatchVersion()
        let (body, present) = try req.decodeStrictWithKeys(IPPrefixBody.self)
        let current = try await prefixRecord(req)
        let record = try await service(req).updatePrefix(
            current.id!, expectedVersion: version, body.merged(over: current, present: present))
        return try .json(try await detail(record, on: req.db), version: record.version)
    }

    func deletePrefix(_ req: Request) async throws -> Response {
        try await service(req).deletePrefix(try req.requireID(), expectedVersion: try req.optionalIfMatchVersion())
        return Response(status: .noContent)
    }

    private func detail(_ record: IPPrefixRecord, on db: any Database) async throws -> IPPrefixDTO {
        let prefix = record.prefix!
        return IPPrefixDTO(
            record, usage: try await IPAMService.usage(of: prefix, on: db), parent: try await IPAMService.parent(of: prefix, on: db))
    }

    func nextFree(_ req: Request) async throws -> Response {
        let prefix = try await prefixRecord(req).prefix!
        return try .json(
            NextFreeDTO(prefix: prefix.description, address: try await IPAMService.nextFree(in: prefix, on: req.db)?.description))
    }

    private func prefixRecord(_ req: Request) async throws -> IPPrefixRecord {
        guard let record = try await IPPrefixRecord.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        return record
    }
}
