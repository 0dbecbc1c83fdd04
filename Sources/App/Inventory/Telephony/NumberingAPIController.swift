import Domain
import Fluent
import Foundation
import Vapor

/// VLANs and telephone numbers in the JSON API.
struct NumberingAPIController: Sendable {
    func service(_ req: Request) -> NumberingService { NumberingService(app: req.application, actor: req.auditActor) }

    func listVLANs(_ req: Request) async throws -> Response {
        try .json(try await VLAN.query(on: req.db).sort(\.$vid).all().map(VLANDTO.init))
    }

    func createVLAN(_ req: Request) async throws -> Response {
        let body = try req.decodeStrict(VLANBody.self)
        let vlan = try await service(req).createVLAN(
            .init(siteID: body.siteId, vid: body.vid, name: body.name, description: body.description ?? ""))
        return try .json(VLANDTO(vlan), status: .created, version: vlan.version)
    }

    func listNumbers(_ req: Request) async throws -> Response {
        try .json(try await TelephoneNumber.query(on: req.db).sort(\.$number).all().map(TelephoneNumberDTO.init))
    }

    func createNumber(_ req: Request) async throws -> Response {
        let body = try req.decodeStrict(TelephoneNumberBody.self)
        let record = try await service(req).createNumber(
            .init(
                number: body.number, phoneExtension: body.extension, employeeNumber: body.employeeNumber, assetTag: body.assetTag,
                siteID: body.siteId, description: body.description ?? ""))
        return try .json(TelephoneNumberDTO(record), status: .created, version: record.version)
    }
}
