import Domain
import Fluent
import Foundation
import Vapor

/// One prefix: its addresses, utilisation and next free address, adding an address, and changing or removing the prefix.
extension NetworkPages {
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
            allowedSorts: ["address"], defaultSort: "address", defaultLimit: req.pageSize
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
}
