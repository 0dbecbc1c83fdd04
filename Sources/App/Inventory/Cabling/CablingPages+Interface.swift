import Domain
import Fluent
import Foundation
import Vapor

/// One interface: its facts, addresses and traced path, connecting a cable, configuring an address, and adding an interface to an asset.
extension CablingPages {
    // MARK: One interface

    struct InterfaceContent: Encodable {
        struct Fact: Encodable {
            let labelKey: String
            let value: String
            let href: String?
        }

        let id: String
        let title: String
        let facts: [Fact]
        let addresses: [String]
        let hops: [HopRow]
        let end: String
        let otherSide: String?
        let otherHops: [HopRow]
        let otherEnd: String
        let canManage: Bool
        let sides: [Choice]
        let farSides: [Choice]
        let kinds: [Choice]
        let colours: [Choice]
        let errors: [String: String]
    }

    func interface(_ req: Request) async throws -> Response { try await interfacePage(req, id: try req.requireID()) }

    private func interfacePage(_ req: Request, id: UUID, errors: ValidationFailure? = nil, status: HTTPStatus = .ok) async throws
        -> Response
    {
        guard let interface = try await NetworkInterface.find(id, on: req.db) else { throw AppError.notFound }
        let labels = try await CablingService.labels([id], on: req.db)
        var facts: [InterfaceContent.Fact] = [.init(labelKey: "interface.kind", value: req.t(interface.kind.labelKey), href: nil)]
        if let assetID = interface.assetID, let asset = try await Asset.find(assetID, on: req.db) {
            facts.insert(
                .init(labelKey: "lookup.device", value: "\(asset.tag) \(asset.name)", href: Paths.hardwareAsset.path(assetID)), at: 0)
        }
        if let speed = interface.speedMbps {
            facts.append(
                .init(
                    labelKey: "interface.speed",
                    value: req.t("interface.mbps", ["speed": req.services.localizer.number(speed, req.language)]), href: nil))
        }
        if let mac = interface.mac { facts.append(.init(labelKey: "interface.mac", value: mac, href: nil)) }
        if !interface.description.isEmpty { facts.append(.init(labelKey: "lookup.description", value: interface.description, href: nil)) }
        let addresses = try await IPAddressRecord.query(on: req.db).filter(\.$interfaceID == id).sort(\.$sortKey).all()
            .map { $0.addressText + ($0.prefixLength.map { "/\($0)" } ?? "") + ($0.dnsName.map { " (\($0))" } ?? "") }
        // A pass-through port leads two ways: to the device in front and to the comms room behind.
        let path = try await CablingService.trace(from: id, on: req.db)
        let other = interface.kind.passesThrough ? try await CablingService.trace(from: id, side: .front, on: req.db) : nil
        let sides = CableSide.sides(for: interface.kind)
        return try await req.page(
            "network/interface", titleKey: "interface.title",
            InterfaceContent(
                id: id.uuidString, title: labels[id] ?? interface.name, facts: facts, addresses: addresses, hops: Self.rows(path, req),
                end: Self.endText(path, req), otherSide: other.map { _ in req.t("cable.side.front") },
                otherHops: other.map { Self.rows($0, req) } ?? [],
                otherEnd: other.map { Self.endText($0, req) } ?? "", canManage: req.may(.manageInventory),
                sides: Choice.list(req, sides, key: { "cable.side.\($0.rawValue)" }, selected: sides.last?.rawValue),
                farSides: Choice.list(req, CableSide.allCases, key: { "cable.side.\($0.rawValue)" }, selected: CableSide.port.rawValue),
                kinds: Choice.list(req, CableKind.allCases, key: \.labelKey, selected: CableKind.cat6.rawValue),
                colours: Choice.list(req, CableColour.allCases, key: \.labelKey, selected: nil),
                errors: req.fieldMessages(errors)),
            status: status)
    }

    func connect(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        guard let interface = try await NetworkInterface.find(id, on: req.db) else { throw AppError.notFound }
        let form = try req.content.decode(FormBody.self).form
        return try await req.submit {
            let side = CableSide(rawValue: form["aSide"]) ?? CableSide.sides(for: interface.kind)[0]
            _ = try await service(req).createCable(try await cableInput(form, a: .init(interface: id, side: side), on: req.db))
            return req.redirect(to: Paths.networkInterface.path(id) + "?done=saved", redirectType: .normal)
        } invalid: { failure in
            return try await interfacePage(req, id: id, errors: failure, status: .unprocessableEntity)
        }
    }

    /// Puts the stored address typed in the form on this interface.
    func configureAddress(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let form = try req.content.decode(FormBody.self).form
        return try await req.submit {
            let (address, _) = try IPAMService.parseAddress(form["address"])
            guard let record = try await IPAddressRecord.query(on: req.db).filter(\.$sortKey == address.sortKey).first() else {
                throw ValidationFailure([FieldError(field: "address", code: .notFound)])
            }
            _ = try await service(req).configure(address: record.id!, on: id, expectedVersion: nil)
            return req.redirect(to: Paths.networkInterface.path(id) + "?done=saved", redirectType: .normal)
        } invalid: { failure in
            return try await interfacePage(req, id: id, errors: failure, status: .unprocessableEntity)
        }
    }

    /// From an asset's page: a new interface on it.
    func addInterface(_ req: Request) async throws -> Response {
        let assetID = try req.requireID()
        guard let asset = try await Asset.find(assetID, on: req.db) else { throw AppError.notFound }
        let form = try req.content.decode(FormBody.self).form
        let speed = form["speedMbps"].trimmingCharacters(in: .whitespaces).nilIfEmpty.map { Int($0) }
        return try await req.submit {
            if case .some(.none) = speed { throw ValidationFailure([FieldError(field: "speedMbps", code: .invalid)]) }
            let interface = try await service(req).createInterface(
                .init(assetTag: asset.tag, name: form["name"], kind: form["kind"], speedMbps: speed ?? nil, mac: form["mac"]))
            return req.redirect(to: Paths.networkInterface.path(interface.id!) + "?done=created", redirectType: .normal)
        } invalid: { failure in
            // The asset page has forms of its own: the interface form's fields are named apart.
            let errors = failure.errors.map { FieldError(field: "interface_\($0.field)", code: $0.code) }
            return try await AssetPages().detailPage(req, id: assetID, errors: ValidationFailure(errors), status: .unprocessableEntity)
        }
    }
}
