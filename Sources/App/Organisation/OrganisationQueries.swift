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

    /// What a directory query reads for each employee: only the columns it names, straight from SQL. The list is the
    /// hot path, and decoding Fluent models (reflection over every property of every row) costs more than the query.
    protocol Reading: Sendable {
        static var columns: [String] { get }
        init(_ row: any SQLRow) throws
    }

    /// The columns a list page shows.
    struct Summary: Reading {
        let id: UUID
        let employeeNumber: String
        let fullName: String
        let jobTitle: String?
        let departmentId: UUID?
        let siteId: UUID?
        let employmentStatus: EmploymentStatus

        static let columns = ["id", "employee_number", "first_name", "last_name", "job_title", "department_id", "site_id", "status"]

        init(_ row: any SQLRow) throws {
            id = try row.decode(column: "id", as: UUID.self)
            employeeNumber = try row.decode(column: "employee_number", as: String.self)
            fullName = try "\(row.decode(column: "first_name", as: String.self)) \(row.decode(column: "last_name", as: String.self))"
            jobTitle = try row.decode(column: "job_title", as: String?.self)
            departmentId = try row.decode(column: "department_id", as: UUID?.self)
            siteId = try row.decode(column: "site_id", as: UUID?.self)
            employmentStatus = try EmploymentStatus(rawValue: row.decode(column: "status", as: String.self)) ?? .active
        }
    }

    /// Every column, for the API.
    struct Row: Reading {
        let id: UUID
        let employeeNumber: String
        let firstName: String
        let lastName: String
        let workEmail: String?
        let phone: String?
        let jobTitle: String?
        let departmentId: UUID?
        let siteId: UUID?
        let managerId: UUID?
        let startDate: String?
        let endDate: String?
        let status: String
        let userId: UUID?
        let erasedAt: Date?
        let version: Int

        enum CodingKeys: String, CodingKey {
            case id, phone, status, version
            case employeeNumber = "employee_number", firstName = "first_name", lastName = "last_name", workEmail = "work_email"
            case jobTitle = "job_title", departmentId = "department_id", siteId = "site_id", managerId = "manager_id"
            case startDate = "start_date", endDate = "end_date", userId = "user_id", erasedAt = "erased_at"
        }

        static let columns = CodingKeys.allColumns

        /// Reads the columns straight off the row: going through `Decodable` looks every column up two or three times,
        /// which on a 50-row page cost more than the query.
        init(_ row: any SQLRow) throws {
            func optional<T: Decodable>(_ key: CodingKeys, _: T.Type = T.self) throws -> T? {
                try row.decode(column: key.stringValue, as: T?.self)
            }
            id = try row.decode(column: CodingKeys.id.stringValue, as: UUID.self)
            employeeNumber = try row.decode(column: CodingKeys.employeeNumber.stringValue, as: String.self)
            firstName = try row.decode(column: CodingKeys.firstName.stringValue, as: String.self)
            lastName = try row.decode(column: CodingKeys.lastName.stringValue, as: String.self)
            workEmail = try optional(.workEmail)
            phone = try optional(.phone)
            jobTitle = try optional(.jobTitle)
            departmentId = try optional(.departmentId)
            siteId = try optional(.siteId)
            managerId = try optional(.managerId)
            startDate = try optional(.startDate)
            endDate = try optional(.endDate)
            status = try row.decode(column: CodingKeys.status.stringValue, as: String.self)
            userId = try optional(.userId)
            erasedAt = try optional(.erasedAt)
            version = try row.decode(column: CodingKeys.version.stringValue, as: Int.self)
        }

        var employmentStatus: EmploymentStatus { EmploymentStatus(rawValue: status) ?? .active }
    }

    /// A search matching more people than this counts no further: its total reads "more than 1,000" (issue 18).
    static let exactTotalLimit = 1_000

    static func list<Record: Reading>(_ req: Request, reading: Record.Type) async throws -> (
        employees: [Record], total: ListTotal, query: ListQuery, filters: Filters
    ) {
        let filters = try req.filters(Filters.self)
        let query = try ListQuery.parse(
            limit: filters.limit, offset: filters.offset, sort: filters.sort, allowedSorts: sorts, defaultSort: "name"
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
                : TrigramSearch.employees.contains(fragment, dialect: sql.dialect.name, first: first)
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

    /// A search's page and its total in one statement. The matches are materialised first: otherwise PostgreSQL
    /// walks the whole name index in order, filtering row by row, rather than asking the trigram index and sorting the
    /// few hundred matches. Counting the materialised matches costs a third less than a window count over them, which
    /// copies every match once more (1.8 → 1.2 ms on SQLite, 1.35 → 1.1 ms on PostgreSQL for 1,527 matches).
    /// The total is nil when the page is past the end.
    private static func searchPage<Record: Reading>(
        _ sql: any SQLDatabase, condition: (any SQLExpression)?, order: [(column: String, direction: SQLDirection)], query: ListQuery,
        reading: Record.Type
    ) async throws -> (employees: [Record], total: Int?) {
        let table = Employee.schema
        var matches = sql.select().column("id").from(table)
        for column in Set(order.map(\.column)).subtracting(["id"]).sorted() { matches = matches.column(column) }
        if let condition { matches = matches.where(condition) }
        func orderBy(_ table: String) -> SQLList {
            SQLList(order.map { SQLOrderBy(expression: SQLColumn($0.column, table: table), direction: $0.direction) })
        }
        let columns = SQLList(Record.columns.map { SQLColumn($0, table: table) })
        let rows = try await sql.raw(
            """
            WITH matches AS MATERIALIZED (\(matches.select)), \
            page AS (SELECT id FROM matches ORDER BY \(orderBy("matches")) LIMIT \(literal: query.limit) OFFSET \(literal: query.offset)) \
            SELECT \(columns), (SELECT count(*) FROM matches) AS n \
            FROM page JOIN \(ident: table) ON \(ident: table).id = page.id ORDER BY \(orderBy(table))
            """
        ).all()
        return (try rows.map(Record.init), try rows.first?.decode(column: "n", as: Int.self))
    }

    private struct CountRow: Decodable { let n: Int }
}

extension CodingKey where Self: CaseIterable {
    static var allColumns: [String] { allCases.map(\.stringValue) }
}

extension EmployeeDirectory.Row.CodingKeys: CaseIterable {}
