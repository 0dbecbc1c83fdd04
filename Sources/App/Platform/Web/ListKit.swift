import Domain
import Foundation
import Vapor

/// "51–100 of 1,234" with links to the neighbouring pages, the page numbers around this one, and the rows per page.
struct PagerContent: Encodable {
    struct Page: Encodable {
        /// The page's number, or "…" for a gap.
        let label: String
        let href: String?
        let current: Bool
    }

    struct Size: Encodable {
        let label: String
        let href: String
        let current: Bool
    }

    let summary: String
    let previous: String?
    let next: String?
    let pages: [Page]
    let sizes: [Size]

    init(_ req: Request, query: ListQuery, shown: Int, total: Int, link: (Int) -> String, size: ((Int) -> String)? = nil) {
        self.init(req, query: query, shown: shown, total: .exactly(total), link: link, size: size)
    }

    /// "1–50 of 13,002", or "1–50 of more than 1,000" for a search that counted no further.
    /// - Parameter size: the list's first page with another number of rows; nil for a list of fixed page size.
    init(_ req: Request, query: ListQuery, shown: Int, total: ListTotal, link: (Int) -> String, size: ((Int) -> String)? = nil) {
        let total = total.seen(offset: query.offset, shown: shown, limit: query.limit)
        let number = { req.services.localizer.number($0, req.language) }
        let range = ["from": number(query.offset + 1), "to": number(query.offset + shown), "total": number(total.count)]
        // A page past the end (an offset typed by hand) is empty, not "1,251–1,250".
        summary = shown == 0 ? req.t("list.empty") : req.t(total.isLowerBound ? "list.range_more" : "list.range", range)
        previous = query.offset > 0 ? link(max(0, query.offset - query.limit)) : nil
        next = total.hasMore(offset: query.offset, shown: shown, limit: query.limit) ? link(query.offset + query.limit) : nil
        let current = query.offset / query.limit + 1
        let last = max(current, (total.count + query.limit - 1) / query.limit)
        pages = PageNumbers.around(current: current, last: last).map { page in
            guard let page else { return Page(label: "…", href: nil, current: false) }
            let offset = (page - 1) * query.limit
            return Page(label: number(page), href: page == current ? nil : link(offset), current: page == current)
        }
        sizes =
            size.map { size in
                UserPreferences.pageSizes.map { Size(label: number($0), href: size($0), current: $0 == query.limit) }
            } ?? []
    }
}

/// A column heading that sorts the list by its column, and says how it is sorted now; a column that does not sort
/// has no link.
struct SortLink: Encodable {
    let labelKey: String
    let href: String?
    let state: String  // "ascending", "descending" or "" — shown as text and arrow, not colour alone
}

/// One cell of a list whose columns the reader chooses; `label` names its column where a phone shows the row as a card.
struct TableCell: Encodable {
    let text: String
    var href: String?
    /// Right-aligned in tabular figures: amounts, counts.
    var numeric: Bool
    var label = ""

    init(_ text: String, href: String? = nil, numeric: Bool = false) {
        (self.text, self.href, self.numeric) = (text, href, numeric)
    }

    func labelled(_ label: String) -> TableCell {
        var cell = self
        cell.label = label
        return cell
    }
}

/// The "Columns" menu of a list: a box per column that may be hidden, ticked when shown, saved for the reader.
struct ColumnChooser: Encodable {
    let action: String
    let back: String
    let choices: [CheckChoice]

    init(_ req: Request, _ layout: ListColumns, shown: [String], back: String) {
        action = Paths.listColumns.path(layout.list)
        self.back = back
        choices = layout.columns.filter { !$0.fixed }.map {
            CheckChoice(name: "column.\($0.key)", label: req.t($0.labelKey), selected: shown.contains($0.key))
        }
    }
}

extension Request {
    /// The columns the reader chose for `layout`'s list, else its defaults.
    func chosenColumns(_ layout: ListColumns) async throws -> [String] {
        guard let principal else { return layout.defaults }
        let stored = try await User.find(principal.userID, on: db)?.listColumns
        return layout.shown(ListColumns.Choices(stored: stored)[layout.list])
    }
}

/// The addresses of one list page: the filters in force kept, the sort, the page or a filter changed. Column headings
/// and the pager are built from it, so every list links the same way.
struct ListLinks {
    let path: String
    let query: ListQuery
    /// Whether the list sorts: a list in one fixed order carries no `sort` in its links.
    let sorts: Bool
    private let filters: [(name: String, value: String)]

    /// - Parameter filters: each filter's name and value; a missing or empty value is left out of the links.
    init(_ path: Paths, query: ListQuery, sorts: Bool = true, filters: [(String, String?)]) {
        self.path = path.path
        self.query = query
        self.sorts = sorts
        self.filters = filters.map { name, value in (name, value ?? "") }
    }

    /// The list with `changes` to its filters (nil removes one), sorted by `sort` (else as now), from `offset`.
    func link(_ changes: [String: String?] = [:], sort: String? = nil, offset: Int? = nil) -> String {
        var items = filters.compactMap { name, value -> URLQueryItem? in
            let value = changes[name].map { $0 ?? "" } ?? value
            return value.isEmpty ? nil : URLQueryItem(name: name, value: value)
        }
        for (name, value) in changes.sorted(by: { $0.key < $1.key }) where !filters.contains(where: { $0.name == name }) {
            if let value, !value.isEmpty { items.append(URLQueryItem(name: name, value: value)) }
        }
        if sorts { items.append(URLQueryItem(name: "sort", value: sort ?? (query.descending ? "-" : "") + query.sortField)) }
        if let limit = changes["limit"] ?? (query.limitIsDefault ? nil : String(query.limit)) {
            items.removeAll { $0.name == "limit" }
            items.append(URLQueryItem(name: "limit", value: limit))
        }
        if let offset, offset > 0 { items.append(URLQueryItem(name: "offset", value: String(offset))) }
        var components = URLComponents()
        components.path = path
        components.queryItems = items.isEmpty ? nil : items
        return components.string ?? path
    }

    /// Headings of the columns, each a link that sorts by it (again: the other way round) when it is among `sortable`
    /// (nil: all of them).
    func columns(_ columns: [(field: String, labelKey: String)], sortable: Set<String>? = nil) -> [SortLink] {
        columns.map { field, key in
            guard sortable?.contains(field) ?? true else { return SortLink(labelKey: key, href: nil, state: "") }
            let current = query.sortField == field
            return SortLink(
                labelKey: key, href: link(sort: current && !query.descending ? "-" + field : field),
                state: current ? (query.descending ? "descending" : "ascending") : "")
        }
    }

    func pager(_ req: Request, shown: Int, total: ListTotal) -> PagerContent {
        PagerContent(req, query: query, shown: shown, total: total, link: { link(offset: $0) }, size: { link(["limit": String($0)]) })
    }

    func pager(_ req: Request, shown: Int, total: Int) -> PagerContent { pager(req, shown: shown, total: .exactly(total)) }
}
