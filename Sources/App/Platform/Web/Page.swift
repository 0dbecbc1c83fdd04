import Domain
import Foundation
import Vapor

/// What the layout needs on every page.
struct LayoutContext: Encodable {
    struct NavItem: Encodable {
        let href: String
        let labelKey: String
        let active: Bool
    }

    /// A group of the navigation with the pages the reader may open; `active` when the current page is one of them.
    struct NavGroup: Encodable {
        let labelKey: String
        /// The group's key: its landing page's and its icon's name.
        let key: String
        /// The group's landing page.
        let href: String
        let items: [NavItem]
        let active: Bool
        /// The landing page is the current page.
        let current: Bool
    }

    /// One step of the breadcrumb; the last has no link (it is the page itself).
    struct Crumb: Encodable {
        let label: String
        let href: String?
    }

    struct LanguageChoice: Encodable {
        let code: String
        let name: String
        let selected: Bool
    }

    /// The header's search box, for those who may search the inventory.
    struct Search: Encodable {
        let query: String
    }

    struct SignedIn: Encodable {
        let name: String
        let email: String
        let roleKey: String
    }

    var title: String
    let language: String
    let csrf: String
    let path: String
    let user: SignedIn?
    let nav: [NavGroup]
    /// Where the page sits: its group, the section it belongs to, the page.
    var breadcrumb: [Crumb]
    let languages: [LanguageChoice]
    let flash: String?
    /// How many things the flash speaks of ("12 assets changed"), for a flash whose text is plural.
    var flashCount: Int?
    let search: Search?
    /// The colour scheme the reader chose ("light", "dark"); nil to follow the system.
    let scheme: String?
}

/// A page: the layout's context plus the page's own.
struct PageContext<Content: Encodable>: Encodable {
    let layout: LayoutContext
    let page: Content
}

/// Flash messages arrive as `?done=<name>` after a redirect; only these names are shown.
enum Flash: String, CaseIterable {
    case saved, created, signedOut = "signed_out", passwordChanged = "password_changed", tokenRevoked = "token_revoked", queued, removed,
        checked, moved, granted, revoked, scheduled, decided
    var key: String { "flash.\(rawValue)" }
    /// The flashes that count what was done, with `&count=` beside `done=`.
    var counts: Bool { self == .moved || self == .granted || self == .scheduled || self == .decided }
    /// The most a counting flash says: no page changes more rows at once.
    static let largestCount = 1000
}

extension Request {
    /// Renders a page in the layout, with the CSRF token its forms need. A record's page names the record in its
    /// `<title>` ("QM-000042 · Hardware"), so tabs and history tell records apart.
    func page<Content: Encodable>(
        _ template: String, titleKey: String, record: String? = nil, _ content: Content, status: HTTPStatus = .ok
    ) async throws -> Response {
        let response = Response(status: status)
        let csrf = CSRFMiddleware.token(for: self, response: response)
        var layout = layout(titleKey: titleKey, csrf: csrf)
        if let record = record?.trimmingCharacters(in: .whitespaces).nilIfEmpty {
            layout.title = "\(record) · \(layout.title)"
            // The breadcrumb ends in the record itself.
            if !layout.breadcrumb.isEmpty { layout.breadcrumb[layout.breadcrumb.count - 1] = .init(label: record, href: nil) }
        }
        let context = PageContext(layout: layout, page: content)
        let view = try await self.view.render(template, context)
        response.body = .init(buffer: view.data)
        response.headers.contentType = .html
        return response
    }

    private func layout(titleKey: String, csrf: String) -> LayoutContext {
        let permissions = services.permissions
        let current = url.path  // parsed anew on every read
        let groups = services.composition.navigation
        // The entry whose path is the longest prefix of the current one is active: /hardware/forecast is the
        // forecast's, not also the hardware list's; /hardware/123 is the hardware list's.
        let activePath = groups.flatMap(\.entries).map(\.path.path).filter { current == $0 || current.hasPrefix($0 + "/") }
            .max { $0.count < $1.count }
        let nav = groups.compactMap { group -> LayoutContext.NavGroup? in
            let items = group.entries.compactMap { entry -> LayoutContext.NavItem? in
                guard let principal, permissions.allows(principal.role, entry.action) else { return nil }
                return .init(href: entry.path.path, labelKey: entry.labelKey, active: entry.path.path == activePath)
            }
            let href = Paths.area.path(group.key)
            return items.isEmpty
                ? nil
                : .init(
                    labelKey: group.labelKey, key: group.key, href: href, items: items,
                    active: href == current || items.contains(where: \.active),
                    current: href == current)
        }
        let title = t(titleKey)
        var breadcrumb: [LayoutContext.Crumb] = []
        if let group = nav.first(where: \.active), let item = group.items.first(where: \.active) {
            breadcrumb.append(.init(label: t(group.labelKey), href: group.href))
            if item.href != current { breadcrumb.append(.init(label: t(item.labelKey), href: item.href)) }
            breadcrumb.append(.init(label: title, href: nil))
        }
        let flash = (try? query.get(String.self, at: "done")).flatMap(Flash.init(rawValue:))
        // A count typed into the address is only ever shown as a number, and only a sensible one.
        let count =
            flash?.counts == true
            ? (try? query.get(Int.self, at: "count")).flatMap { (1...Flash.largestCount).contains($0) ? $0 : nil } : nil
        var context = LayoutContext(
            title: title, language: language.rawValue, csrf: csrf, path: current,
            user: principal.map { .init(name: $0.name, email: $0.email, roleKey: $0.role.labelKey) }, nav: nav, breadcrumb: breadcrumb,
            languages: Language.allCases.map { .init(code: $0.rawValue, name: $0.nativeName, selected: $0 == language) },
            flash: flash.flatMap { $0.counts && count == nil ? nil : $0.key },
            search: may(.readInventory) ? .init(query: current == Paths.search.path ? (query[String.self, at: "q"] ?? "") : "") : nil,
            scheme: principal.flatMap { $0.preferences.scheme == .system ? nil : $0.preferences.scheme.rawValue })
        context.flashCount = count
        return context
    }

    /// Field errors as localised messages keyed by field, for showing beside each field.
    /// A field error in the reader's language, naming the offending value when there is one.
    func message(_ error: FieldError) -> String {
        let text = t(error.code.messageKey)
        return error.value.map { t("validation.with_value", ["message": text, "value": $0]) } ?? text
    }

    func fieldMessages(_ failure: ValidationFailure?) -> [String: String] {
        var messages: [String: String] = [:]
        for error in failure?.errors ?? [] where messages[error.field] == nil {
            messages[error.field] = message(error)
        }
        return messages
    }

    /// Only local paths are followed after sign-in, never another site.
    func safeNext(_ raw: String?) -> String {
        guard let raw, raw.hasPrefix("/"), !raw.hasPrefix("//"), !raw.contains("\\") else { return Paths.dashboard.path }
        return raw
    }
}

/// The error page, in the layout when possible and as plain HTML when even that fails.
enum ErrorPage {
    struct Content: Encodable {
        let status: Int
        let title: String
        let code: String
        let requestId: String
    }

    static func render(_ request: Request, error: AppError, title: String) async -> Response {
        let content = Content(status: Int(error.status.code), title: title, code: error.code, requestId: request.id)
        if let response = try? await request.page("error", titleKey: error.titleKey, content, status: error.status) {
            return response
        }
        let response = Response(
            status: error.status, body: .init(string: "<!doctype html><title>\(error.status.code)</title><h1>\(error.status.code)</h1>"))
        response.headers.contentType = .html
        return response
    }
}

/// A submitted form's text fields, where a field the browser left out reads as empty, and the hidden version.
struct FormFields {
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private let container: KeyedDecodingContainer<Key>

    init(_ decoder: any Decoder) throws {
        container = try decoder.container(keyedBy: Key.self)
    }

    subscript(_ name: String) -> String {
        (try? container.decodeIfPresent(String.self, forKey: Key(stringValue: name))) ?? ""
    }

    /// The submitted fields whose names start with `prefix`, by the rest of the name ("custom.size" → "size").
    func fields(prefixed prefix: String) -> [String: String] {
        var result: [String: String] = [:]
        for key in container.allKeys where key.stringValue.hasPrefix(prefix) {
            result[String(key.stringValue.dropFirst(prefix.count))] = self[key.stringValue]
        }
        return result
    }

    /// The record version the form was filled in against; nil when absent or not a number.
    var version: Int? {
        Int(self["version"])
    }
}

/// A form whose fields a handler reads by name (a score matrix, a cable's two ends), without a type of its own.
struct FormBody: Decodable {
    let form: FormFields
    init(from decoder: any Decoder) throws { form = try FormFields(decoder) }
}
