import Domain
import Foundation
import Vapor

/// The search page behind the box in every page's header; `SearchAPIController` runs the same search in the API.
struct SearchPages {
    struct Content: Encodable {
        struct AssetRow: Encodable {
            let href: String
            let tag: String
            let name: String
            let model: String
            let status: String
            let holder: String
            let site: String
            let match: String
        }

        struct PersonRow: Encodable {
            let href: String
            let number: String
            let name: String
            let status: String
            let assets: Int
            let assetsHref: String
        }

        struct AddressRow: Encodable {
            let href: String
            let address: String
            let dnsName: String
            let status: String
        }

        struct PrefixRow: Encodable {
            let href: String
            let prefix: String
            let description: String
        }

        let query: String
        let searched: Bool
        let error: String?
        let assets: [AssetRow]
        let moreAssets: String?
        let showPeople: Bool
        let people: [PersonRow]
        let addresses: [AddressRow]
        let prefixes: [PrefixRow]
        let nothing: Bool
    }

    func page(_ req: Request) async throws -> Response {
        let text = req.query[String.self, at: "q"] ?? ""
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return try await req.page("search", titleKey: "search.title", Self.empty(text, searched: false, error: nil))
        }
        guard let terms = SearchTerms(text) else {
            let content = Self.empty(text, searched: true, error: req.t(FieldError.Code.tooLong.messageKey))
            return try await req.page("search", titleKey: "search.title", content, status: .badRequest)
        }
        let result = try await GlobalSearch.run(terms, includePeople: req.may(.readPeople), on: req.db)
        let assets = result.assets.map { hit in
            var match = req.t(hit.match.labelKey)
            if let value = hit.matched { match += ": \(value)" }
            return Content.AssetRow(
                href: Paths.hardwareAsset.path(hit.id), tag: hit.tag, name: hit.name, model: hit.model, status: req.t(hit.status.labelKey),
                holder: hit.holder ?? "", site: hit.site ?? "", match: match)
        }
        let people = (result.people ?? []).map {
            Content.PersonRow(
                href: Paths.employee.path($0.id), number: $0.employeeNumber, name: $0.name, status: req.t($0.status.labelKey),
                assets: $0.assets, assetsHref: Paths.hardware.path + "?employee=\($0.id.uuidString)")
        }
        let addresses = result.addresses.map {
            Content.AddressRow(
                href: Self.link(Paths.networkLookup.path, q: $0.address), address: $0.address, dnsName: $0.dnsName ?? "",
                status: req.t("ip.status.\($0.status)"))
        }
        let prefixes = result.prefixes.map {
            Content.PrefixRow(href: Paths.networkPrefix.path($0.id), prefix: $0.prefix, description: $0.description)
        }
        let content = Content(
            query: terms.text, searched: true, error: nil, assets: assets,
            moreAssets: result.moreAssets ? Self.link(Paths.hardware.path, q: terms.text) : nil, showPeople: result.people != nil,
            people: people, addresses: addresses, prefixes: prefixes,
            nothing: assets.isEmpty && people.isEmpty && addresses.isEmpty && prefixes.isEmpty)
        return try await req.page("search", titleKey: "search.title", content)
    }

    private static func empty(_ text: String, searched: Bool, error: String?) -> Content {
        Content(
            query: text, searched: searched, error: error, assets: [], moreAssets: nil, showPeople: false, people: [], addresses: [],
            prefixes: [], nothing: false)
    }

    private static func link(_ path: String, q: String) -> String {
        var components = URLComponents()
        components.path = path
        components.queryItems = [URLQueryItem(name: "q", value: q)]
        return components.string ?? path
    }
}
