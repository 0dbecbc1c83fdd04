import Domain
import Fluent
import Foundation
import Vapor

/// The physical network's pages: the address lookup, cables and wall ports, an interface with its path, and racks with
/// their elevation.
struct CablingPages: Sendable {

    func service(_ req: Request) -> CablingService { CablingService(app: req.application, actor: req.auditActor) }

    /// A traced path as table rows.
    struct HopRow: Encodable {
        let from: String
        let fromHref: String
        let cable: String
        let details: String
        let to: String
        let toHref: String
    }

    /// A cable's colour in the reader's language when it is one of the standard ones, else as typed.
    static func colour(_ text: String, _ req: Request) -> String? {
        CableColour(rawValue: text).map { req.t($0.labelKey) } ?? text.nilIfEmpty
    }

    static func rows(_ path: CablingService.TracedPath, _ req: Request) -> [HopRow] {
        path.hops.map { hop in
            let side = { (side: CableSide) in side == .port ? "" : " (\(req.t("cable.side.\(side.rawValue)")))" }
            let details = [
                req.t(hop.cable.kind.labelKey),
                hop.cable.lengthCentimetres.map { req.t("cable.length_m", ["metres": Self.metres($0, req)]) },
                Self.colour(hop.cable.colour, req),
            ].compactMap { $0 }.joined(separator: ", ")
            return HopRow(
                from: (path.labels[hop.from.id!] ?? "") + side(hop.fromSide), fromHref: Paths.networkInterface.path(hop.from.id!),
                cable: hop.cable.label, details: details, to: (path.labels[hop.to.id!] ?? "") + side(hop.toSide),
                toHref: Paths.networkInterface.path(hop.to.id!))
        }
    }

    static func metres(_ centimetres: Int, _ req: Request) -> String { req.services.localizer.hundredths(centimetres, req.language) }

    static func endText(_ path: CablingService.TracedPath, _ req: Request) -> String {
        switch path.end {
        case .interface(let id): req.t("trace.ends_at", ["interface": path.labels[id] ?? ""])
        case .open(let endpoint):
            path.hops.isEmpty ? req.t("trace.not_cabled") : req.t("trace.open", ["interface": path.labels[endpoint.interface] ?? ""])
        case .loop: req.t("trace.loop")
        }
    }

    // MARK: Lookup

    struct LookupContent: Encodable {
        struct Fact: Encodable {
            let labelKey: String
            let value: String
            let href: String?
        }

        let query: String
        let searched: Bool
        let found: Bool
        let facts: [Fact]
        let hops: [HopRow]
        let end: String
        let error: String?
    }

    func lookup(_ req: Request) async throws -> Response {
        let query = (req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces)
        var facts: [LookupContent.Fact] = []
        var hops: [HopRow] = []
        var end = ""
        var error: String?
        if !query.isEmpty {
            do {
                let result = try await NetworkLookup.find(query, on: req.db)
                if let address = result.address {
                    facts.append(
                        .init(labelKey: "lookup.address", value: address.address + (address.prefixLength.map { "/\($0)" } ?? ""), href: nil)
                    )
                    facts.append(.init(labelKey: "lookup.status", value: req.t("ip.status.\(address.status)"), href: nil))
                    if let dns = address.dnsName { facts.append(.init(labelKey: "lookup.dns_name", value: dns, href: nil)) }
                    if !address.description.isEmpty {
                        facts.append(.init(labelKey: "lookup.description", value: address.description, href: nil))
                    }
                }
                if let prefix = result.prefix { facts.append(.init(labelKey: "lookup.prefix", value: prefix, href: nil)) }
                if let device = result.device {
                    facts.append(
                        .init(
                            labelKey: "lookup.device", value: "\(device.tag) \(device.name.nilIfEmpty ?? device.model)",
                            href: Paths.hardwareAsset.path(device.id)))
                    if let holder = device.holder { facts.append(.init(labelKey: "asset.holder", value: holder, href: nil)) }
                    if let site = device.site { facts.append(.init(labelKey: "asset.site", value: site, href: nil)) }
                    if let rack = device.rack { facts.append(.init(labelKey: "lookup.rack", value: rack, href: nil)) }
                }
                if let interface = result.interface {
                    facts.append(
                        .init(labelKey: "lookup.interface", value: interface.label, href: Paths.networkInterface.path(interface.id)))
                    if let mac = interface.mac { facts.append(.init(labelKey: "interface.mac", value: mac, href: nil)) }
                    let path = try await CablingService.trace(from: interface.id, on: req.db)
                    hops = Self.rows(path, req)
                    end = Self.endText(path, req)
                }
            } catch let failure as ValidationFailure {
                error = req.fieldMessages(failure)["q"]
            }
        }
        return try await req.page(
            "network/lookup", titleKey: "lookup.title",
            LookupContent(query: query, searched: !query.isEmpty, found: !facts.isEmpty, facts: facts, hops: hops, end: end, error: error))
    }

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

    private func cableInput(_ form: FormFields, a: CableTrace.Endpoint?, on db: any Database) async throws -> CablingService.CableInput {
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
