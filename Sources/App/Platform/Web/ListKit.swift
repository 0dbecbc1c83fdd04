import Domain
import Foundation
import Vapor

/// "51–100 of 1,234" with links to the neighbouring pages, for every paged list.
struct PagerContent: Encodable {
    let summary: String
    let previous: String?
    let next: String?

    init(_ req: Request, query: ListQuery, shown: Int, total: Int, link: (Int) -> String) {
        self.init(req, query: query, shown: shown, total: .exactly(total), link: link)
    }

    /// "1–50 of 13,002", or "1–50 of more than 1,000" for a search that counted no further.
    init(_ req: Request, query: ListQuery, shown: Int, total: ListTotal, link: (Int) -> String) {
        let total = total.seen(offset: query.offset, shown: shown, limit: query.limit)
        let number = { req.services.localizer.number($0, req.language) }
        let range = ["from": number(query.offset + 1), "to": number(query.offset + shown), "total": number(total.count)]
        // A page past the end (an offset typed by hand) is empty, not "1,251–1,250".
        summary = shown == 0 ? req.t("list.empty") : req.t(total.isLowerBound ? "list.range_more" : "list.range", range)
        previous = query.offset > 0 ? link(max(0, query.offset - query.limit)) : nil
        next = total.hasMore(offset: query.offset, shown: shown, limit: query.limit) ? link(query.offset + query.limit) : nil
    }
}

/// A column heading that sorts the list by its column, and says how it is sorted now.
struct SortLink: Encodable {
    let labelKey: String
    let href: String
    let state: String  // "ascending", "descending" or "" — shown as text and arrow, not colour alone
}
