import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// IP addresses in the JSON API.
extension IPAMAPIController {
    /// Addresses in address order; `prefix` keeps those inside one prefix (given as text, such as 10.1.0.0/16).
    func listAddresses(_ req: Request) async throws -> Response {
        struct Filters: Content {
            var limit: Int?
            var offset: Int?
            var prefix: String?
        }
        let filters = try req.filters(Filters.self)
        let query = try ListQuery.parse(
            limit: filters.limit, offset: filters.offset, sort: nil, allowedSorts: ["address"], defaultSort: "address"
        ).get()
        let prefix = try filters.prefix?.nilIfEmpty.map { text throws(ValidationFailure) in try IPAMService.parsePrefix(text) }
        let (page, total) = try await IPAMService.addressPage(in: prefix, query: query, on: req.db)
        return try .json(Page(items: page.map(IPAddressDTO.init), total: total, query: query))
    }

    func createAddress(_ req: Request) async throws -> Response {
        let (body, present) = try req.decodeStrictWithKeys(IPAddressBody.self)
        let record = try await service(req).createAddress(body.merged(over: nil, present: present))
        let response = try Response.json(IPAddressDTO(record), status: .created, version: record.version)
        response.headers.replaceOrAdd(name: .location, value: Paths.apiIPAddress.path(record.id!))
        return response
    }

    func getAddress(_ req: Request) async throws -> Response {
        let record = try await addressRecord(req)
        return try .json(IPAddressDTO(record), version: record.version)
    }

    func updateAddress(_ req: Request) async throws -> Response {
        let version = try req.requiredIfMatchVersion()
        let (body, present) = try req.decodeStrictWithKeys(IPAddressBody.self)
        let current = try await addressRecord(req)
        let record = try await service(req).updateAddress(
            current.id!, expectedVersion: version, body.merged(over: current, present: present))
        return try .json(IPAddressDTO(record), version: record.version)
    }

    func deleteAddress(_ req: Request) async throws -> Response {
        try await service(req).deleteAddress(try req.requireID(), expectedVersion: try req.optionalIfMatchVersion())
        return Response(status: .noContent)
    }

    private func addressRecord(_ req: Request) async throws -> IPAddressRecord {
        guard let record = try await IPAddressRecord.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        return record
    }
}
