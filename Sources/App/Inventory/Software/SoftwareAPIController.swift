import Domain
import Fluent
import Foundation
import Vapor

/// Software products, installations, licences, seats and compliance in the JSON API.
struct SoftwareAPIController: Sendable {
    func service(_ req: Request) -> SoftwareService { SoftwareService(app: req.application, actor: req.auditActor) }

    func listProducts(_ req: Request) async throws -> Response {
        try .json(try await SoftwareProduct.query(on: req.db).sort(\.$nameKey).all().map(SoftwareProductDTO.init))
    }

    func createProduct(_ req: Request) async throws -> Response {
        let (body, present) = try req.decodeStrictWithKeys(SoftwareProductBody.self)
        let product = try await service(req).createProduct(body.merged(over: nil, present: present))
        let response = try Response.json(SoftwareProductDTO(product), status: .created, version: product.version)
        response.headers.replaceOrAdd(name: .location, value: Paths.apiSoftwareProduct.path(product.id!))
        return response
    }

    func getProduct(_ req: Request) async throws -> Response {
        guard let product = try await SoftwareProduct.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        return try .json(SoftwareProductDTO(product), version: product.version)
    }

    func updateProduct(_ req: Request) async throws -> Response {
        let (id, version) = (try req.requireID(), try req.requiredIfMatchVersion())
        let (body, present) = try req.decodeStrictWithKeys(SoftwareProductBody.self)
        guard let current = try await SoftwareProduct.find(id, on: req.db) else { throw AppError.notFound }
        let product = try await service(req).updateProduct(id, expectedVersion: version, body.merged(over: current, present: present))
        return try .json(SoftwareProductDTO(product), version: product.version)
    }

    func listInstallations(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        guard try await SoftwareProduct.find(id, on: req.db) != nil else { throw AppError.notFound }
        return try .json(try await SoftwareInstallations.of(id, on: req.db))
    }

    func install(_ req: Request) async throws -> Response {
        let body = try req.decodeStrict(InstallationBody.self)
        let install = try await service(req).install(
            product: try req.requireID(), assetTag: body.assetTag, productVersion: body.productVersion ?? "", installedOn: body.installedOn)
        let tag = try await Asset.find(install.assetID, on: req.db)?.tag ?? ""
        return try .json(SoftwareInstallations.dto(install, tag: tag), status: .created)
    }

    func uninstall(_ req: Request) async throws -> Response {
        try await service(req).uninstall(try req.requireID())
        return Response(status: .noContent)
    }

    func compliance(_ req: Request) async throws -> Response {
        let today = try await req.application.organisationToday()
        return try .json(try await SoftwareCompliance.positions(on: req.db, today: today).map(ComplianceDTO.init))
    }
}
