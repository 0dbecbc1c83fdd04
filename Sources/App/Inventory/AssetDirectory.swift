import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The asset list, shared by the page and the API: search, filter, sort, page.
enum AssetDirectory {
    static let sorts: Set<String> = ["tag", "name", "model", "status", "type", "holder", "site", "serial", "purchaseDate", "warrantyEnd"]

    struct Filters: Content {
        var limit: Int?
        var offset: Int?
        var sort: String?
        /// Tag, name, serial or IMEI: a tag or serial matches exactly, and any fragment of them (see `TrigramSearch`).
        var q: String?
        var type: String?
        var status: String?
        var site: UUID?
        var model: UUID?
        /// The employee holding the asset.
        var employee: UUID?
    }

    static func list(_ req: Request) async throws -> (assets: [AssetListing], total: Int, query: ListQuery, filters: Filters) {
        let filters = try req.filters(Filters.self)
        let query = try ListQuery.parse(
            limit: filters.limit, offset: filters.offset, sort: filters.sort, allowedSorts: sorts, defaultSort: "tag",
            defaultLimit: req.pageSize
        ).get()
        var errors: [FieldError] = []
        let type = filters.type?.nilIfEmpty.map { AssetType(rawValue: $0) }
        if case .some(.none) = type { errors.append(FieldError(field: "type", code: .invalid)) }
        let status = filters.status?.nilIfEmpty.map { AssetStatus(rawValue: $0) }
        if case .some(.none) = status { errors.append(FieldError(field: "status", code: .invalid)) }
        try InputCheck.check(errors)
        let sql = req.db.sql
        var conditions: [any SQLExpression] = []
        func equal(_ column: String, _ value: (any Encodable & Sendable)?) {
            if let value { conditions.append(SQLBinaryExpression(SQLIdentifier(column), .equal, SQLBind(value))) }
        }
        equal("type", (type ?? nil)?.rawValue)
        equal("status", (status ?? nil)?.rawValue)
        equal("site_id", filters.site)
        // Type, status and site alone are counted from `asset_counts`; any other filter counts the matches.
        var counted = true
        for (column, value) in [("model_id", filters.model), ("assigned_employee_id", filters.employee)] where value != nil {
            equal(column, value)
            counted = false
        }
        if let text = filters.q?.trimmingCharacters(in: .whitespaces).nilIfEmpty {
            let fragment = text.lowercased().filter { $0 != "%" && $0 != "_" }
            conditions.append(
                SQLGroupExpression(
                    SQLBinaryExpression(
                        SQLBinaryExpression(
                            SQLBinaryExpression(SQLIdentifier("tag_key"), .equal, SQLBind(text.uppercased())), .or,
                            SQLBinaryExpression(SQLIdentifier("serial"), .equal, SQLBind(text))), .or,
                        TrigramSearch.assets.contains(fragment, dialect: sql.engine))))
            counted = false
        }
        let condition = conditions.isEmpty ? nil : conditions.dropFirst().reduce(conditions[0]) { SQLBinaryExpression($0, .and, $1) }
        let direction: SQLDirection = query.descending ? .descending : .ascending
        let column: (any SQLExpression)? =
            switch query.sortField {
            case "name": SQLIdentifier("name")
            case "status": SQLIdentifier("status")
            case "type": SQLIdentifier("type")
            case "serial": SQLIdentifier("serial")
            case "purchaseDate": SQLIdentifier("purchase_date")
            case "warrantyEnd": SQLIdentifier("warranty_end")
            // By the name a reader sees in the column, looked up per row: no join, so the filters' columns stay unqualified.
            case "model": SQLRaw("(SELECT m.name FROM asset_models m WHERE m.id = assets.model_id)")
            case "holder":
                SQLRaw(
                    "COALESCE((SELECT e.last_name || ' ' || e.first_name FROM employees e WHERE e.id = assets.assigned_employee_id), "
                        + "(SELECT s.name FROM sites s WHERE s.id = assets.assigned_site_id))")
            case "site": SQLRaw("(SELECT s.name FROM sites s WHERE s.id = assets.site_id)")
            default: nil
            }
        // A deferred join: the page's ids come from an index (rows skipped are never read), then only the rows shown.
        var ids = sql.select().column("id").from(Asset.schema)
        if let condition { ids = ids.where(condition) }
        if let column { ids = ids.orderBy(SQLOrderBy(expression: column, direction: direction)) }
        let order = try await ids.orderBy("tag_key", direction).limit(query.limit).offset(query.offset).all()
            .map { try $0.decode(column: "id", as: UUID.self) }
        let rows =
            order.isEmpty
            ? []
            : try await sql.select().columns(AssetListing.columns.map { SQLIdentifier($0) }).from(Asset.schema)
                .where(SQLIdentifier("id"), .in, SQLBind.group(order)).all().map(AssetListing.init)
        let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0) })
        let total: Int
        if counted {
            total = try await CountedTable.assets.total(where: condition, on: sql)
        } else {
            var count = sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from(Asset.schema)
            if let condition { count = count.where(condition) }
            total = try await count.first()?.decode(column: "n", as: Int.self) ?? 0
        }
        return (order.compactMap { byID[$0] }, total, query, filters)
    }
}
