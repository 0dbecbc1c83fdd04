import Domain
import Foundation
import Vapor

/// A page of a list, with the total so clients can show "1–50 of 1,234".
struct Page<Item: Content>: Content {
    let items: [Item]
    let total: Int
    let limit: Int
    let offset: Int
    let nextOffset: Int?
    /// True when the list counted no further than `total` (a search matching very many); absent when `total` is exact.
    let totalIsLowerBound: Bool?

    init(items: [Item], total: Int, query: ListQuery) { self.init(items: items, total: .exactly(total), query: query) }

    init(items: [Item], total: ListTotal, query: ListQuery) {
        let total = total.seen(offset: query.offset, shown: items.count, limit: query.limit)
        self.items = items
        self.total = total.count
        self.limit = query.limit
        self.offset = query.offset
        self.nextOffset = total.hasMore(offset: query.offset, shown: items.count, limit: query.limit) ? query.offset + items.count : nil
        self.totalIsLowerBound = total.isLowerBound ? true : nil
    }
}
