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
        let statuses: [EmployeePages.Choice]
        let errors: [String: String]
    }

    struct PrefixForm: Content {
        var prefix = ""
        var status = IPStatus.active.rawValue
        var description = ""

        init() {}

        init(from decoder: any Decoder) throws {
            let form = try FormFields(decoder)
            (prefix, status, description) = (form["prefix"], form["status"], form["description"])
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

    private func statusChoices(_ req: Request, selected: String) -> [EmployeePages.Choice] {
        EmployeePages.Choice.list(req, IPStatus.allCases, key: { "ip.status.\($0.rawValue)" }, selected: selected)
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
                rows: rows, canManage: req.may(.manageInventory), form: form, statuses: statusChoices(req, selected: form.status),
                errors: req.fieldMessages(errors)), status: status)
    }

    func createPrefix(_ req: Request) async throws -> Response {
        let form = try req.content.decode(PrefixForm.self)
        do {
            let record = try await service(req).createPrefix(.init(prefix: form.prefix, status: form.status, description: form.description))
            return req.redirect(to: Paths.networkPrefix.path(record.id!) + "?done=created", redirectType: .normal)
        } catch let failure as ValidationFailure {
            return try await prefixesPage(req, form, errors: failure, status: .unprocessableEntity)
        }
    }

    struct PrefixContent: Encodable {
        struct Row: Encodable {
            let address: String
            let dnsName: String
            let status: String
            let description: String
        }

        let id: String
        let prefix: String
        let description: String
        let parent: String?
        let usage: Usage
        let nextFree: String?
        let rows: [Row]
        let pager: AdminController.PagerContent
        let canManage: Bool
        let form: AddressForm
        let statuses: [EmployeePages.Choice]
        let errors: [String: String]
    }

    struct AddressForm: Content {
        var address = ""
        var status = IPStatus.active.rawValue
        var dnsName = ""
        var description = ""

        init() {}

        init(from decoder: any Decoder) throws {
            let form = try FormFields(decoder)
            (address, status, dnsName, description) = (form["address"], form["status"], form["dnsName"], form["description"])
        }
    }

    func prefix(_ req: Request) async throws -> Response {
        try await prefixPage(req, id: try req.requireID(), form: nil, errors: nil)
    }

    private func prefixPage(_ req: Request, id: UUID, form: AddressForm?, errors: ValidationFailure?, status: HTTPStatus = .ok) async throws
        -> Response
    {
        guard let record = try await IPPrefixRecord.find(id, on: req.db), let prefix = record.prefix else { throw AppError.notFound }
        let query = try ListQuery.parse(
            limit: try? req.query.get(Int.self, at: "limit"), offset: try? req.query.get(Int.self, at: "offset"), sort: nil,
            allowedSorts: ["address"], defaultSort: "address"
        ).get()
        let (addresses, total) = try await IPAMService.addressPage(in: prefix, query: query, on: req.db)
        let usage = try await IPAMService.usage(of: prefix, on: req.db)
        let nextFree = try await IPAMService.nextFree(in: prefix, on: req.db)
        var form = form ?? AddressForm()
        if form.address.isEmpty, let nextFree { form.address = nextFree.description }
        let path = Paths.networkPrefix.path(id)
        return try await req.page(
            "network/prefix", titleKey: "network.title",
            PrefixContent(
                id: id.uuidString, prefix: prefix.description, description: record.description,
                parent: try await IPAMService.parent(of: prefix, on: req.db)?.description,
                usage: self.usage(req, usage), nextFree: nextFree?.description,
                rows: addresses.map {
                    .init(
                        address: $0.addressText, dnsName: $0.dnsName ?? "", status: req.t("ip.status.\($0.status)"),
                        description: $0.description)
                },
                pager: AdminController.PagerContent(req, query: query, shown: addresses.count, total: total) {
                    $0 > 0 ? "\(path)?offset=\($0)" : path
                },
                canManage: req.may(.manageInventory), form: form, statuses: statusChoices(req, selected: form.status),
                errors: req.fieldMessages(errors)),
            status: status)
    }

    func createAddress(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let form = try req.content.decode(AddressForm.self)
        do {
            _ = try await service(req).createAddress(
                .init(address: form.address, status: form.status, dnsName: form.dnsName, description: form.description))
            return req.redirect(to: Paths.networkPrefix.path(id) + "?done=created", redirectType: .normal)
        } catch let failure as ValidationFailure {
            return try await prefixPage(req, id: id, form: form, errors: failure, status: .unprocessableEntity)
        }
    }
}
