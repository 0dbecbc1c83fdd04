import Domain
import Fluent
import Foundation
import Vapor

/// One rack with its units, and placing and removing devices.
extension CablingPages {
    struct RackContent: Encodable {
        struct Unit: Encodable {
            let number: Int
            let y: Int
        }

        struct Device: Encodable {
            let y: Int
            let height: Int
            let textY: Int
            let label: String
            let href: String
            let units: String
            let removeAction: String
        }

        let id: String
        let name: String
        let version: Int
        let svgHeight: Int
        let units: [Unit]
        let devices: [Device]
        let chartLabel: String
        let free: String
        let canManage: Bool
        let errors: [String: String]
        let stale: Bool
    }

    /// One rack unit is drawn 18 pixels high, U1 at the bottom as on the rails.
    static let unitHeight = 18

    func rack(_ req: Request) async throws -> Response { try await rackPage(req, id: try req.requireID()) }

    private func rackPage(_ req: Request, id: UUID, errors: ValidationFailure? = nil, stale: Bool = false, status: HTTPStatus = .ok)
        async throws
        -> Response
    {
        guard let rack = try await Rack.find(id, on: req.db) else { throw AppError.notFound }
        let dto = try await CablingAPIController.dto(rack, on: req.db)
        let ids = dto.placements.map(\.assetId)
        let assets =
            ids.isEmpty
            ? [:] : Dictionary(uniqueKeysWithValues: try await Asset.query(on: req.db).filter(\.$id ~~ ids).all().map { ($0.id!, $0) })
        let top = { (unit: Int) in (rack.heightUnits - unit) * Self.unitHeight }
        let devices = dto.placements.map { placement in
            let asset = assets[placement.assetId]
            let highest = placement.position + placement.heightU - 1
            return RackContent.Device(
                y: top(highest), height: placement.heightU * Self.unitHeight - 2,
                textY: top(highest) + placement.heightU * Self.unitHeight / 2 + 4,
                label: [placement.assetTag, asset?.name ?? ""].filter { !$0.isEmpty }.joined(separator: " "),
                href: Paths.hardwareAsset.path(placement.assetId),
                units: placement.heightU == 1 ? "U\(placement.position)" : "U\(placement.position)–\(highest)",
                removeAction: Paths.networkRackPlacementRemove.path(placement.id))
        }
        let number = { req.services.localizer.number($0, req.language) }
        return try await req.page(
            "network/rack", titleKey: "rack.title", record: rack.name,
            RackContent(
                id: id.uuidString, name: rack.name, version: rack.version, svgHeight: rack.heightUnits * Self.unitHeight,
                units: (1...rack.heightUnits).map { .init(number: $0, y: top($0) + Self.unitHeight - 5) }, devices: devices,
                chartLabel: req.t(
                    "rack.chart", ["used": number(rack.heightUnits - dto.freeUnits.count), "height": number(rack.heightUnits)]),
                free: dto.freeUnits.isEmpty ? "–" : dto.freeUnits.map { "U\($0)" }.joined(separator: ", "),
                canManage: req.may(.manageInventory),
                errors: req.fieldMessages(errors), stale: stale),
            status: status)
    }

    func place(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let form = try req.content.decode(FormBody.self).form
        return try await req.submit {
            _ = try await service(req).place(
                rack: id, expectedVersion: form.version ?? 0, assetTag: form["assetTag"],
                position: Int(form["position"].trimmingCharacters(in: .whitespaces)),
                height: Int(form["heightU"].trimmingCharacters(in: .whitespaces)))
            return req.redirect(to: Paths.networkRack.path(id) + "?done=saved", redirectType: .normal)
        } invalid: { failure in
            return try await rackPage(req, id: id, errors: failure, status: .unprocessableEntity)
        } stale: {
            return try await rackPage(req, id: id, stale: true, status: .conflict)
        }
    }

    func unplace(_ req: Request) async throws -> Response {
        let placementID = try req.requireID()
        guard let placement = try await RackPlacement.find(placementID, on: req.db) else { throw AppError.notFound }
        let form = try req.content.decode(FormBody.self).form
        return try await req.submit {
            _ = try await service(req).unplace(placementID, expectedVersion: form.version ?? 0)
            return req.redirect(to: Paths.networkRack.path(placement.rackID) + "?done=saved", redirectType: .normal)
        } stale: {
            try await rackPage(req, id: placement.rackID, stale: true, status: .conflict)
        }
    }
}
