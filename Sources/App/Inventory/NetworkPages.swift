import Domain
import Fluent
import Foundation
import Vapor

/// The network pages: the prefix tree with utilisation, one prefix with its addresses and next free address, and the
/// forms to record both.
struct NetworkPages: Sendable {
    private func service(_ req: Request) -> IPAMService { IPAMService(app: req.application, actor: req.auditActor) }

    struct Usage: Encodable {
        let text: String
        let percent: String
        /// The bar's filled width out of 100, for the inline SVG.
        let width: Int
    }

    struct PrefixesContent: Encodable {
        struct Row: Encodable {
            let href: String
            let prefix: String
            /// Nesting depth, for indentation.
            let indent: Int
            let description: String
            let status: String
            let usage: Usage
        }

        let rows: [Row]
        let canManage: Bool
        let form: PrefixForm
        let choices: PrefixChoices
        let errors: [String: String]
    }

    struct PrefixForm: Content {
        var prefix = ""
        var status = IPStatus.active.rawValue
        var siteId = ""
        var vlanId = ""
        var description = ""
        var version: Int?

        init() {}

        init(_ record: IPPrefixRecord) {
            (prefix, status, description, version) = (record.prefixText, record.status, record.description, record.version)
            (siteId, vlanId) = (record.siteID?.uuidString ?? "", record.vlanID?.uuidString ?? "")
        }

        init(from decoder: any Decoder) throws {
            let form = try FormFields(decoder)
            (prefix, status, description, version) = (form["prefix"], form["status"], form["description"], form.version)
            (siteId, vlanId) = (form["siteId"], form["vlanId"])
        }

        var input: IPAMService.PrefixInput {
            .init(
                prefix: prefix, status: status, siteID: UUID(uuidString: siteId), vlanID: UUID(uuidString: vlanId), description: description
            )
        }
    }

    /// The select lists of the prefix form: statuses, sites and VLANs (by site, then id).
    struct PrefixChoices: Encodable {
        let statuses: [Choice]
        let sites: [Choice]
        let vlans: [Choice]

        init(_ req: Request, _ form: PrefixForm, places: StructureNames) async throws {
            statuses = NetworkPages.statusChoices(req, selected: form.status)
            sites = places.siteChoices(selected: UUID(uuidString: form.siteId))
            vlans = try await VLAN.query(on: req.db).all()
                .map { (site: places.sites[$0.siteID] ?? "", vlan: $0) }.sorted { ($0.site, $0.vlan.vid) < ($1.site, $1.vlan.vid) }
                .map {
                    Choice(
                        value: $0.vlan.id!.uuidString, label: "\($0.site) · \($0.vlan.vid) \($0.vlan.name)",
                        selected: $0.vlan.id!.uuidString == form.vlanId)
                }
        }
    }

    private func usage(_ req: Request, _ usage: IPAMService.PrefixUsage) -> Usage {
        let number = { req.services.localizer.number($0, req.language) }
        let percent = req.services.localizer.percent(basisPoints: usage.utilisationBasisPoints, req.language)
        let text =
            usage.usableAddresses.map { req.t("network.usage", ["used": number(usage.usedAddresses), "usable": number($0)]) }
            ?? req.t("network.usage_unbounded", ["used": number(usage.usedAddresses)])
        return Usage(text: text, percent: percent, width: min(100, (usage.utilisationBasisPoints + 99) / 100))
    }

    fileprivate static func statusChoices(_ req: Request, selected: String) -> [Choice] {
        Choice.list(req, IPStatus.allCases, key: { "ip.status.\($0.rawValue)" }, selected: selected)
    }

    func prefixes(_ req: Request) async throws -> Response {
        try await prefixesPage(req, PrefixForm(), errors: nil)
    }

    private func prefixesPage(_ req: Request, _ form: PrefixForm, errors: ValidationFailure?, status: HTTPStatus = .ok) async throws
        -> Response
    {
        let records = try await IPPrefixRecord.query(on: req.db).sort(\.$firstKey).sort(\.$length).all()
        let usages = try await IPAMService.usages(of: records.compactMap(\.prefix), on: req.db)
        var open: [IPPrefix] = []  // the enclosing prefixes of the current row, outermost first
        var rows: [PrefixesContent.Row] = []
        for record in records {
            guard let prefix = record.prefix, let usage = usages[prefix] else { continue }
            while let last = open.last, !last.contains(prefix) { open.removeLast() }
            rows.append(
                .init(
                    href: Paths.networkPrefix.path(record.id!), prefix: prefix.description, indent: open.count,
                    description: record.description,
                    status: req.t("ip.status.\(record.status)"), usage: self.usage(req, usage)))
            open.append(prefix)
        }
        return try await req.page(
            "network/prefixes", titleKey: "network.title",
            PrefixesContent(
                rows: rows, canManage: req.may(.manageInventory), form: form,
                choices: try await PrefixChoices(req, form, places: try await StructureNames.load(on: req.db)),
                errors: req.fieldMessages(errors)),
            status: status)
    }

    func createPrefix(_ req: Request) async throws -> Response {
        let form = try req.content.decode(PrefixForm.self)
        return try await req.submit {
            let record = try await service(req).createPrefix(form.input)
            return req.redirect(to: Paths.networkPrefix.path(record.id!) + "?done=created", redirectType: .normal)
        } invalid: { failure in
            return try await prefixesPage(req, form, errors: failure, status: .unprocessableEntity)
        }
    }

    struct PrefixContent: Encodable {
        struct Row: Encodable {
            let href: String
            let address: String
            let dnsName: String
            let status: String
            let description: String
        }

        let id: String
        let prefix: String
        let description: String
        let parent: String?
        let site: String?
        let vlan: String?
        let usage: Usage
        let nextFree: String?
        let rows: [Row]
        let pager: PagerContent
        let canManage: Bool
        let addressForm: AddressForm
        let statuses: [Choice]
        let addressErrors: [String: String]
        /// The prefix's own edit form.
        let form: PrefixForm
        let choices: PrefixChoices
        let errors: [String: String]
        let stale: Bool
    }

    struct AddressForm: Content {
        var address = ""
        var status = IPStatus.active.rawValue
        var dnsName = ""
        var description = ""
        var version: Int?

        init() {}

        init(_ record: IPAddressRecord) {
            address = record.prefixLength.map { "\(record.addressText)/\($0)" } ?? record.addressText
            (status, dnsName, description, version) = (record.status, record.dnsName ?? "", record.description, record.version)
        }

        init(from decoder: any Decoder) throws {
            let form = try FormFields(decoder)
            (address, status, dnsName, description) = (form["address"], form["status"], form["dnsName"], form["description"])
            version = form.version
        }

        var input: IPAMService.AddressInput { .init(address: address, status: status, dnsName: dnsName, description: description) }
    }

    /// What the prefix page shows in its two forms when a submission comes back: the address form or the prefix's own.
    private enum Returned {
        case none
        case address(AddressForm, ValidationFailure)
        case prefix(PrefixForm, ValidationFailure?, stale: Bool)
    }

    func prefix(_ req: Request) async throws -> Response {
        try await prefixPage(req, id: try req.requireID(), returned: .none)
    }

    private func prefixPage(_ req: Request, id: UUID, returned: Returned, status: HTTPStatus = .ok) async throws -> Response {
        guard let record = try await IPPrefixRecord.find(id, on: req.db), let prefix = record.prefix else { throw AppError.notFound }
        let paging = try req.filters(Paging.self)
        let query = try ListQuery.parse(
            limit: paging.limit, offset: paging.offset, sort: nil,
            allowedSorts: ["address"], defaultSort: "address"
        ).get()
        let (addresses, total) = try await IPAMService.addressPage(in: prefix, query: query, on: req.db)
        let usage = try await IPAMService.usage(of: prefix, on: req.db)
        let nextFree = try await IPAMService.nextFree(in: prefix, on: req.db)
        var (addressForm, addressErrors) = (AddressForm(), ValidationFailure?.none)
        var (form, errors, stale) = (PrefixForm(record), ValidationFailure?.none, false)
        switch returned {
        case .none: break
        case .address(let returnedForm, let failure): (addressForm, addressErrors) = (returnedForm, failure)
        case .prefix(let returnedForm, let failure, let isStale): (form, errors, stale) = (returnedForm, failure, isStale)
        }
        if addressForm.address.isEmpty, let nextFree { addressForm.address = nextFree.description }
        let places = try await StructureNames.load(on: req.db)
        let vlan = try await record.vlanID.asyncMap { try await VLAN.find($0, on: req.db) } ?? nil
        let path = Paths.networkPrefix.path(id)
        return try await req.page(
            "network/prefix", titleKey: "network.title", record: prefix.description,
            PrefixContent(
                id: id.uuidString, prefix: prefix.description, description: record.description,
                parent: try await IPAMService.parent(of: prefix, on: req.db)?.description,
                site: record.siteID.flatMap { places.sites[$0] }, vlan: vlan.map { "\($0.vid) \($0.name)" },
                usage: self.usage(req, usage), nextFree: nextFree?.description,
                rows: addresses.map {
                    .init(
                        href: Paths.networkAddress.path($0.id!), address: $0.addressText, dnsName: $0.dnsName ?? "",
                        status: req.t("ip.status.\($0.status)"), description: $0.description)
                },
                pager: PagerContent(req, query: query, shown: addresses.count, total: total) {
                    $0 > 0 ? "\(path)?offset=\($0)" : path
                },
                canManage: req.may(.manageInventory), addressForm: addressForm,
                statuses: Self.statusChoices(req, selected: addressForm.status), addressErrors: req.fieldMessages(addressErrors),
                form: form, choices: try await PrefixChoices(req, form, places: places), errors: req.fieldMessages(errors), stale: stale),
            status: status)
    }

    func createAddress(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let form = try req.content.decode(AddressForm.self)
        return try await req.submit {
            var input = form.input
            input.prefixID = id
            _ = try await service(req).createAddress(input)
            return req.redirect(to: Paths.networkPrefix.path(id) + "?done=created", redirectType: .normal)
        } invalid: { failure in
            return try await prefixPage(req, id: id, returned: .address(form, failure), status: .unprocessableEntity)
        }
    }

    func updatePrefix(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let form = try req.content.decode(PrefixForm.self)
        return try await req.submit {
            _ = try await service(req).updatePrefix(id, expectedVersion: form.version ?? 0, form.input)
            return req.redirect(to: Paths.networkPrefix.path(id) + "?done=saved", redirectType: .normal)
        } invalid: { failure in
            return try await prefixPage(req, id: id, returned: .prefix(form, failure, stale: false), status: .unprocessableEntity)
        } stale: {
            guard let fresh = try await IPPrefixRecord.find(id, on: req.db) else { throw AppError.notFound }
            return try await prefixPage(req, id: id, returned: .prefix(PrefixForm(fresh), nil, stale: true), status: .conflict)
        }
    }

    func removePrefix(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let version = try req.content.decode(FormBody.self).form.version
        return try await req.submit {
            try await service(req).deletePrefix(id, expectedVersion: version ?? 0)
            return req.redirect(to: Paths.network.path + "?done=removed", redirectType: .normal)
        } stale: {
            guard let fresh = try await IPPrefixRecord.find(id, on: req.db) else { throw AppError.notFound }
            return try await prefixPage(req, id: id, returned: .prefix(PrefixForm(fresh), nil, stale: true), status: .conflict)
        }
    }

    // MARK: One address

    struct AddressContent: Encodable {
        let id: String
        let address: String
        let prefix: String?
        let prefixHref: String?
        let interface: String?
        let interfaceHref: String?
        let dnsName: String
        let status: String
        let description: String
        let canManage: Bool
        let form: AddressForm
        let statuses: [Choice]
        let errors: [String: String]
        let stale: Bool
    }

    func address(_ req: Request) async throws -> Response {
        try await addressPage(req, id: try req.requireID(), form: nil)
    }

    private func addressPage(
        _ req: Request, id: UUID, form: AddressForm?, errors: ValidationFailure? = nil, stale: Bool = false, status: HTTPStatus = .ok
    ) async throws -> Response {
        guard let record = try await IPAddressRecord.find(id, on: req.db) else { throw AppError.notFound }
        let enclosing = try await IPAMService.enclosing(record, on: req.db)
        let interface = try await record.interfaceID.asyncMap { try await CablingService.labels([$0], on: req.db)[$0] } ?? nil
        let form = form ?? AddressForm(record)
        return try await req.page(
            "network/address", titleKey: "network.address", record: record.addressText,
            AddressContent(
                id: id.uuidString, address: record.prefixLength.map { "\(record.addressText)/\($0)" } ?? record.addressText,
                prefix: enclosing?.prefixText, prefixHref: enclosing.map { Paths.networkPrefix.path($0.id!) }, interface: interface,
                interfaceHref: record.interfaceID.map { Paths.networkInterface.path($0) }, dnsName: record.dnsName ?? "",
                status: req.t("ip.status.\(record.status)"), description: record.description, canManage: req.may(.manageInventory),
                form: form, statuses: Self.statusChoices(req, selected: form.status), errors: req.fieldMessages(errors), stale: stale),
            status: status)
    }

    func updateAddress(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let form = try req.content.decode(AddressForm.self)
        return try await req.submit {
            _ = try await service(req).updateAddress(id, expectedVersion: form.version ?? 0, form.input)
            return req.redirect(to: Paths.networkAddress.path(id) + "?done=saved", redirectType: .normal)
        } invalid: { failure in
            return try await addressPage(req, id: id, form: form, errors: failure, status: .unprocessableEntity)
        } stale: {
            return try await addressPage(req, id: id, form: nil, stale: true, status: .conflict)
        }
    }

    func removeAddress(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let version = try req.content.decode(FormBody.self).form.version
        guard let record = try await IPAddressRecord.find(id, on: req.db) else { throw AppError.notFound }
        let enclosing = try await IPAMService.enclosing(record, on: req.db)
        return try await req.submit {
            try await service(req).deleteAddress(id, expectedVersion: version ?? 0)
            let back = enclosing.map { Paths.networkPrefix.path($0.id!) } ?? Paths.network.path
            return req.redirect(to: back + "?done=removed", redirectType: .normal)
        } stale: {
            try await addressPage(req, id: id, form: nil, stale: true, status: .conflict)
        }
    }
}
