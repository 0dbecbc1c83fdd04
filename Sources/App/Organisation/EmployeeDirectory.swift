import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The employee directory, shared by the page and the API: search, filter, sort, page.
enum EmployeeDirectory {
    static let sorts: Set<String> = ["name", "employeeNumber", "startDate", "status"]

    struct Filters: Content {
        var limit: Int?
        var offset: Int?
        var sort: String?
        var q: String?
        var department: UUID?
        var site: UUID?
        var manager: UUID?
        /// The manager by employee number, as people know them (the page's filter field).
        var managerNumber: String?
        /// One status, or "all"; by default everyone who has not left.
        var status: String?
    }

    /// A search matching more people than this counts no further: its total reads "more than 1,000" (issue 18).
    static let exactTotalLimit = 1_000

    static func list<Record: Reading>(_ req: Request, reading: Record.Type) async throws -> (
        employees: [Record], total: ListTotal, query: ListQuery, filters: Filters
    ) {
        let filters = try req.filters(Filters.self)
        let query = try ListQuery.parse(
            limit: filters.limit, offset: filters.offset, sort: filters.sort, allowedSorts: sorts, defaultSort: "name",
            defaultLimit: req.pageSize
        ).get()
        let sql = req.db.sql
        var conditions: [any SQLExpression] = []
        switch filters.status {
        case nil, "": conditions.append(SQLBinaryExpression(SQLIdentifier("status"), .notEqual, SQLBind(EmploymentStatus.left.rawValue)))
        case "all": break
        case let status?:
            guard EmploymentStatus(rawValue: status) != nil else { throw ValidationFailure([FieldError(field: "status", code: .invalid)]) }
            conditions.append(SQLBinaryExpression(SQLIdentifier("status"), .equal, SQLBind(status)))
        }
        var managerID = filters.manager
        if let number = filters.managerNumber?.trimmingCharacters(in: .whitespaces), !number.isEmpty {
            guard let manager = try await Employee.query(on: req.db).filter(\.$employeeNumber == number).first() else {
                throw ValidationFailure([FieldError(field: "managerNumber", code: .notFound)])
            }
            managerID = manager.id
        }
        for (column, value) in [("department_id", filters.department), ("site_id", filters.site), ("manager_id", managerID)] {
            if let value { conditions.append(SQLBinaryExpression(SQLIdentifier(column), .equal, SQLBind(value))) }
        }
        let text = filters.q?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        let hasText = !text.isEmpty
        func and(_ conditions: [any SQLExpression]) -> (any SQLExpression)? {
            conditions.isEmpty ? nil : conditions.dropFirst().reduce(conditions[0]) { SQLBinaryExpression($0, .and, $1) }
        }
        /// The search condition: from the trigram index (stopping after `first` index matches on SQLite), or by reading
        /// names along the sort order (`scanning`), which finds a page at once when many people match.
        func matching(first: Int? = nil, scanning: Bool = false) -> any SQLExpression {
            // sort_name is stored lower-cased, so LIKE needs no case folding on either database; "%" is dropped
            // rather than escaped (SQLite's LIKE has no default escape character).
            let fragment = text.replacingOccurrences(of: "%", with: "")
            let name =
                scanning
                ? SQLBinaryExpression(SQLIdentifier("sort_name"), .like, SQLBind("%\(fragment)%"))
                : TrigramSearch.employees.contains(fragment, dialect: sql.engine, first: first)
            return SQLGroupExpression(
                SQLBinaryExpression(
                    name, .or,
                    SQLBinaryExpression(
                        SQLBinaryExpression(SQLIdentifier("employee_number"), .equal, SQLBind(text.uppercased())), .or,
                        SQLBinaryExpression(SQLIdentifier("work_email"), .equal, SQLBind(text)))))
        }
        var condition = and(conditions + (hasText ? [matching()] : []))
        let direction: SQLDirection = query.descending ? .descending : .ascending
        let sortColumns: [(column: String, direction: SQLDirection)] =
            switch query.sortField {
            case "employeeNumber": [("employee_number", direction)]
            case "startDate": [("start_date", direction), ("sort_name", .ascending)]
            case "status": [("status", direction), ("sort_name", .ascending)]
            default: [("sort_name", direction)]
            }
        let order = sortColumns + [("id", direction)]
        let employees: [Record]
        var total: Int?
        // A broad search (a fragment in a tenth of all names) counts no further than the limit and pages along the
        // sort order; materialising and sorting every match cost 14 ms a request at 13,000 matches.
        let broad =
            hasText
            ? try await sql.raw(
                """
                SELECT count(*) AS n FROM (SELECT 1 FROM \(ident: Employee.schema) \
                WHERE \(and(conditions + [matching(first: Self.exactTotalLimit + 1)])!) LIMIT \(literal: Self.exactTotalLimit + 1)) AS m
                """
            ).first(decoding: CountRow.self)?.n ?? 0 > Self.exactTotalLimit : false
        if broad { condition = and(conditions + [matching(scanning: true)]) }
        if hasText && !broad {
            (employees, total) = try await searchPage(sql, condition: condition, order: order, query: query, reading: Record.self)
        } else {
            // A deferred join: the page's ids come from the index alone (skipped rows are never read from the table),
            // then only the rows shown are read.
            var ids = sql.select().column("id").from(Employee.schema)
            if let condition { ids = ids.where(condition) }
            for (column, direction) in order { ids = ids.orderBy(column, direction) }
            var page = sql.select().columns(Record.columns.map { SQLIdentifier($0) }).from(Employee.schema)
                .where(SQLIdentifier("id"), .in, SQLGroupExpression(ids.limit(query.limit).offset(query.offset).select))
            for (column, direction) in order { page = page.orderBy(column, direction) }
            employees = try await page.all().map(Record.init)
            if broad { return (employees, .atLeast(Self.exactTotalLimit), query, filters) }
            // Without a manager filter, every condition names a column that `employee_counts` has too.
            if managerID == nil { total = try await CountedTable.employees.total(where: condition, on: sql) }
        }
        if total == nil {
            var count = sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from(Employee.schema)
            if let condition { count = count.where(condition) }
            total = try await count.first(decoding: CountRow.self)?.n ?? 0
        }
        return (employees, .exactly(total ?? 0), query, filters)
    }

    private struct CountRow: Decodable { let n: Int }
}
