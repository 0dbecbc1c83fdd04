import Domain
import Fluent
import Foundation
import Vapor

/// Vendors in the JSON API.
extension ContractAPIController {
    func listVendors(_ req: Request) async throws -> Response {
        try .json(try await Vendor.query(on: req.db).sort(\.$nameKey).all().map(VendorDTO.init))
    }

    func createVendor(_ req: Request) async throws -> Response {
        let (body, present) = try req.decodeStrictWithKeys(VendorBody.self)
        let vendor = try await service(req).createVendor(body.merged(over: nil, present: present))
        let response = try Response.json(VendorDTO(vendor), status: .created, version: vendor.version)
        response.headers.replaceOrAdd(name: .location, value: Paths.apiVendor.path(vendor.id!))
        return response
    }

    func getVendor(_ req: Request) async throws -> Response {
        guard let vendor = try await Vendor.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        return try .json(VendorDTO(vendor), version: vendor.version)
    }

    func updateVendor(_ req: Request) async throws -> Response {
        let (id, version) = (try req.requireID(), try req.requiredIfMatchVersion())
        let (body, present) = try req.decodeStrictWithKeys(VendorBody.self)
        guard let current = try await Vendor.find(id, on: req.db) else { throw AppError.notFound }
        let vendor = try await service(req).updateVendor(id, expectedVersion: version, body.merged(over: current, present: present))
        return try .json(VendorDTO(vendor), version: vendor.version)
    }
}
