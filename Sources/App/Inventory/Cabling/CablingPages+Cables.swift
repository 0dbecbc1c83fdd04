import Domain
import Fluent
import Foundation
import Vapor

/// Cables and wall ports: the list with its forms, adding and removing a cable, and adding a wall port.
extension CablingPages {
    // MARK: Cables and wall ports

    struct CablesContent: Encodable {
        struct Row: Encodable {
            let label: String
            let kind: String
            let a: String
            let aHref: String
            let b: String
            let bHref: String
            let length: String
            let colour: String
            let removeAction: String
        }

        let rows: [Row]
        let canManage: Bool
        let kinds: [Choice]
        let colours: [Choice]
        let rooms: [Choice]
        let errors: [String: String]
    }

    func cables(_ req: Request) async throws -> Response { try await cablesPage(req) }

    private func cablesPage(_ req: Request, errors: ValidationFailure? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let cables = try await Cable.query(on: req.db).sort(\.$labelKey).all()
        let labels = try await CablingService.labels(cables.flatMap { [$0.aInterfaceID, $0.bInterfaceID] }, on: req.db)
        let rows = cables.map { cable in
            CablesContent.Row(
                label: cable.label, kind: req.t(cable.kind.labelKey), a: labels[cable.aInterfaceID] ?? "",
                aHref: Paths.networkInterface.path(cable.aInterfaceID), b: labels[cable.bInterfaceID] ?? "",
                bHref: Paths.networkInterface.path(cable.bInterfaceID),
                length: cable.lengthCentimetres.map { req.t("cable.length_m", ["metres": Self.metres($0, req)]) } ?? "–",
                colour: Self.colour(cable.colour, req) ?? "–", removeAction: Paths.networkCableRemove.path(cable.id!))
        }
        let sites = Dictionary(uniqueKeysWithValues: try await Site.query(on: req.db).all().map { ($0.id!, $0.name) })
        let rooms = try await Room.query(on: req.db).all().sorted {
            (sites[$0.$site.id] ?? "", $0.name) < (sites[$1.$site.id] ?? "", $1.name)
        }
        return try await req.page(
            "network/cables", titleKey: "cable.title",
            CablesContent(
                rows: rows, canManage: req.may(.manageInventory),
                kinds: Choice.list(req, CableKind.allCases, key: \.labelKey, selected: CableKind.cat6.rawValue),
                colours: Choice.list(req, CableColour.allCases, key: \.labelKey, selected: nil),
                rooms: rooms.map { .init(value: $0.id!.uuidString, label: "\(sites[$0.$site.id] ?? "") · \($0.name)", selected: false) },
                errors: req.fieldMessages(errors)),
            status: status)
    }

    /// An interface named in a form: on the device with that asset tag, or a wall port in the room with that name.
    static func resolve(device: String, interface name: String, field: String, on db: any Database) async throws -> NetworkInterface {
        let owner = device.trimmingCharacters(in: .whitespaces)
        let name = name.trimmingCharacters(in: .whitespaces)
        guard !owner.isEmpty, !name.isEmpty else { throw ValidationFailure([FieldError(field: field, code: .required)]) }
        var query = NetworkInterface.query(on: db).filter(\.$name == name)
        if let asset = try await Asset.query(on: db).filter(\.$tagKey == owner.uppercased()).first() {
            query = query.filter(\.$assetID == asset.id!)
        } else if let room = try await Room.query(on: db).all().first(where: { $0.name.lowercased() == owner.lowercased() }) {
            query = query.filter(\.$roomID == room.id!)
        } else {
            throw ValidationFailure([FieldError(field: field, code: .notFound)])
        }
        guard let interface = try await query.first() else { throw ValidationFailure([FieldError(field: field, code: .notFound)]) }
        return interface
    }

    func cableInput(_ form: FormFields, a: CableTrace.Endpoint?, on db: any Database) async throws -> CablingService.CableInput {
        var endA = a
        if endA == nil {
            let interface = try await Self.resolve(device: form["aDevice"], interface: form["aInterface"], field: "a", on: db)
            endA = .init(interface: interface.id!, side: CableSide(rawValue: form["aSide"]) ?? CableSide.sides(for: interface.kind)[0])
        }
        let far = try await Self.resolve(device: form["bDevice"], interface: form["bInterface"], field: "b", on: db)
        let length = form["length"].trimmingCharacters(in: .whitespaces).nilIfEmpty
        let metres = length.flatMap { Money.parse($0, currency: .eur) }  // a decimal with up to two places, read like an amount
        if length != nil, metres == nil { throw ValidationFailure([FieldError(field: "lengthCm", code: .invalid)]) }
        return .init(
            label: form["label"], kind: form["kind"], lengthCentimetres: metres.map { Int($0.minorUnits) }, colour: form["colour"], a: endA,
            b: .init(interface: far.id!, side: CableSide(rawValue: form["bSide"]) ?? CableSide.sides(for: far.kind)[0]))
    }

    func addCable(_ req: Request) async throws -> Response {
        let form = try req.content.decode(FormBody.self).form
        return try await req.submit {
            _ = try await service(req).createCable(try await cableInput(form, a: nil, on: req.db))
            return req.redirect(to: Paths.networkCables.path + "?done=created", redirectType: .normal)
        } invalid: { failure in
            return try await cablesPage(req, errors: failure, status: .unprocessableEntity)
        }
    }

    func removeCable(_ req: Request) async throws -> Response {
        try await service(req).removeCable(try req.requireID())
        return req.redirect(to: Paths.networkCables.path + "?done=removed", redirectType: .normal)
    }

    func addWallPort(_ req: Request) async throws -> Response {
        let form = try req.content.decode(FormBody.self).form
        return try await req.submit {
            let port = try await service(req).createInterface(
                .init(roomID: UUID(uuidString: form["roomId"]), name: form["name"], kind: InterfaceKind.wallPort.rawValue))
            return req.redirect(to: Paths.networkInterface.path(port.id!) + "?done=created", redirectType: .normal)
        } invalid: { failure in
            let errors = failure.errors.map { $0.field == "assetTag" ? FieldError(field: "roomId", code: .required) : $0 }
            return try await cablesPage(req, errors: ValidationFailure(errors), status: .unprocessableEntity)
        }
    }
}
