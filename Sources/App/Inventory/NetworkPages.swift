import Domain
import Fluent
import Foundation
import Vapor

/// The network pages: the prefix tree with utilisation, one prefix with its addresses and next free address, and the
/// forms to record both.
struct NetworkPages: Sendable {
    func service(_ req: Request) -> IPAMService { IPAMService(app: req.application, actor: req.auditActor) }

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

    func usage(_ req: Request, _ usage: IPAMService.PrefixUsage) -> Usage {
        let number = { req.services.localizer.number($0, req.language) }
        let percent = req.services.localizer.percent(basisPoints: usage.utilisationBasisPoints, req.language)
        let text =
            usage.usableAddresses.map { req.t("network.usage", ["used": number(usage.usedAddresses), "usable": number($0)]) }
            ?? req.t("network.usage_unbounded", ["used": number(usage.usedAddresses)])
        return Usage(text: text, percent: percent, width: min(100, (usage.utilisationBasisPoints + 99) / 100))
    }

    static func statusChoices(_ req: Request, selected: String) -> [Choice] {
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
}
