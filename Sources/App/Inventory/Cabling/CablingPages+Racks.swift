import Domain
import Fluent
import Foundation
import Vapor

/// Racks: the list, and adding a rack.
extension CablingPages {
    // MARK: Racks

    struct RacksContent: Encodable {
        struct Row: Encodable {
            let href: String
            let name: String
            let place: String
            let height: Int
            let used: Int
        }

        let rows: [Row]
        let canManage: Bool
        let sites: [Choice]
        let errors: [String: String]
    }

    func racks(_ req: Request) async throws -> Response { try await racksPage(req) }

    private func racksPage(_ req: Request, errors: ValidationFailure? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let sites = try await Site.query(on: req.db).filter(\.$archivedAt == nil).sort(\.$name).all()
        let names = Dictionary(uniqueKeysWithValues: try await Site.query(on: req.db).all().map { ($0.id!, $0.name) })
        let rooms = Dictionary(uniqueKeysWithValues: try await Room.query(on: req.db).all().map { ($0.id!, $0.name) })
        var used: [UUID: Int] = [:]
        for placement in try await RackPlacement.query(on: req.db).all() { used[placement.rackID, default: 0] += placement.heightUnits }
        let rows = try await Rack.query(on: req.db).sort(\.$name).all().map { rack in
            RacksContent.Row(
                href: Paths.networkRack.path(rack.id!), name: rack.name,
                place: [names[rack.siteID], rack.roomID.flatMap { rooms[$0] }].compactMap { $0 }.joined(separator: " · "),
                height: rack.heightUnits,
                used: used[rack.id!] ?? 0)
        }
        return try await req.page(
            "network/racks", titleKey: "rack.title",
            RacksContent(
                rows: rows, canManage: req.may(.manageInventory),
                sites: sites.map { .init(value: $0.id!.uuidString, label: $0.name, selected: false) },
                errors: req.fieldMessages(errors)),
            status: status)
    }

    func addRack(_ req: Request) async throws -> Response {
        let form = try req.content.decode(FormBody.self).form
        return try await req.submit {
            let rack = try await service(req).createRack(
                .init(
                    siteID: UUID(uuidString: form["siteId"]), name: form["name"],
                    heightUnits: Int(form["heightU"].trimmingCharacters(in: .whitespaces))))
            return req.redirect(to: Paths.networkRack.path(rack.id!) + "?done=created", redirectType: .normal)
        } invalid: { failure in
            return try await racksPage(req, errors: failure, status: .unprocessableEntity)
        }
    }
}
