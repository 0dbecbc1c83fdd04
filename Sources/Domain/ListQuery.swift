/// The paging and sorting every list accepts, validated against the fields a list allows to sort by.
/// Sort syntax: `name` ascending, `-name` descending (JSON:API style), one field.
public struct ListQuery: Sendable, Equatable {
    public static let maximumLimit = 500
    public static let defaultLimit = 50
    /// The furthest a list may be paged. Far beyond any real list, and small enough that `offset + limit` and every
    /// pager's arithmetic stay within `Int` (a larger offset once stopped the server).
    public static let maximumOffset = Int(Int32.max)

    public var limit: Int
    public var offset: Int
    public var sortField: String
    public var descending: Bool
    /// Whether the limit is the reader's default (not asked for): a list's links then leave it out.
    public var limitIsDefault: Bool

    public init(limit: Int, offset: Int, sortField: String, descending: Bool, limitIsDefault: Bool = true) {
        self.limit = limit
        self.offset = offset
        self.sortField = sortField
        self.descending = descending
        self.limitIsDefault = limitIsDefault
    }

    /// Validates raw query parameters, reporting every bad one.
    /// - Parameter defaultLimit: the rows per page when none is asked for: the reader's choice, else 50.
    public static func parse(
        limit requested: Int?, offset: Int?, sort: String?, allowedSorts: Set<String>, defaultSort: String,
        defaultLimit: Int = ListQuery.defaultLimit
    ) -> Result<ListQuery, ValidationFailure> {
        var errors: [FieldError] = []
        let limit = requested ?? defaultLimit
        if limit < 1 || limit > maximumLimit { errors.append(FieldError(field: "limit", code: .outOfRange)) }
        let offset = offset ?? 0
        if offset < 0 || offset > maximumOffset { errors.append(FieldError(field: "offset", code: .outOfRange)) }
        var field = defaultSort
        var descending = false
        if let sort, !sort.isEmpty {
            descending = sort.hasPrefix("-")
            field = descending ? String(sort.dropFirst()) : sort
            if !allowedSorts.contains(field) { errors.append(FieldError(field: "sort", code: .sortUnknown)) }
        }
        if !errors.isEmpty { return .failure(ValidationFailure(errors)) }
        return .success(
            ListQuery(limit: limit, offset: offset, sortField: field, descending: descending, limitIsDefault: requested == nil))
    }
}

/// The page numbers a pager offers: the first and last, and two either side of the current one, with gaps between.
public enum PageNumbers {
    /// One entry per link: a page number (1-based), or nil for a gap ("…").
    public static func around(current: Int, last: Int) -> [Int?] {
        guard last > 1 else { return [] }
        let shown = Set([1, last] + (max(1, current - 2)...min(last, current + 2)))
        var result: [Int?] = []
        for page in shown.sorted() {
            if let previous = result.last ?? nil, page > previous + 1 { result.append(page == previous + 2 ? previous + 1 : nil) }
            result.append(page)
        }
        return result
    }
}

/// One or more failing fields; thrown by validation at the edge and shown next to each field.
public struct ValidationFailure: Error, Sendable, Equatable {
    public var errors: [FieldError]
    public init(_ errors: [FieldError]) { self.errors = errors }

    /// The first error of a field, for showing it beside that field.
    public func error(for field: String) -> FieldError? { errors.first { $0.field == field } }
}

/// How many items a list has: counted exactly, or — for a search matching very many — known only to be more than the
/// number counted to, so that a broad search costs what a narrow one does.
public enum ListTotal: Sendable, Equatable {
    case exactly(Int)
    case atLeast(Int)

    public var count: Int {
        switch self {
        case .exactly(let count), .atLeast(let count): count
        }
    }

    public var isLowerBound: Bool {
        if case .atLeast = self { return true }
        return false
    }

    /// The total as a page of `shown` items from `offset` reveals it: a lower bound becomes exact on its last page.
    public func seen(offset: Int, shown: Int, limit: Int) -> ListTotal {
        if case .atLeast = self, shown < limit, shown > 0 { return .exactly(offset + shown) }
        return self
    }

    /// Whether there is anything after a page of `shown` items from `offset`.
    public func hasMore(offset: Int, shown: Int, limit: Int) -> Bool {
        switch self {
        case .exactly(let count): offset + shown < count
        case .atLeast: shown == limit
        }
    }
}
