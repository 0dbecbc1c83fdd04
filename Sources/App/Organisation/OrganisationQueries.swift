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

/// The department tree with managers and head counts.
enum OrgChart {
    static func build(on db: any Database) async throws -> [OrgChartNode] {
        let departments = try await Department.query(on: db).filter(\.$archivedAt == nil).sort(\.$name).all()
        let rows = try await db.sql.raw(
            "SELECT department_id, CAST(sum(n) AS BIGINT) AS n FROM employee_counts WHERE status <> 'left' GROUP BY department_id"
        ).all()
        var counts: [UUID: Int] = [:]
        for row in rows {
            // The sentinel for "no department" is not a UUID on SQLite; it matches no department either way.
            guard let id = try? row.decode(column: "department_id", as: UUID.self) else { continue }
            counts[id] = try row.decode(column: "n", as: Int.self)
        }
        let managerIDs = departments.compactMap(\.managerID)
        let managers = managerIDs.isEmpty ? [] : try await Employee.query(on: db).filter(\.$id ~~ managerIDs).all()
        let names = Dictionary(uniqueKeysWithValues: managers.map { ($0.id!, $0.fullName) })
        let byParent = Dictionary(grouping: departments, by: \.parentID)

        func node(_ department: Department, depth: Int) -> OrgChartNode {
            let children = depth < 50 ? (byParent[department.id] ?? []).map { node($0, depth: depth + 1) } : []
            let own = counts[department.id!] ?? 0
            return OrgChartNode(
                id: department.id!, name: department.name, managerId: department.managerID,
                managerName: department.managerID.flatMap { names[$0] },
                headCount: own, totalHeadCount: own + children.reduce(0) { $0 + $1.totalHeadCount }, children: children)
        }
        return (byParent[nil] ?? []).map { node($0, depth: 0) }
    }
}

/// The people who report to an employee, directly or through their reports.
enum Team {
    struct Member: Sendable {
        let employee: Employee
        /// 1 for a direct report, 2 for their reports, and so on.
        let level: Int
    }

    static func of(_ managerID: UUID, on db: any Database, maximumLevels: Int = 10) async throws -> [Member] {
        var members: [Member] = []
        var seen: Set<UUID> = [managerID]
        var frontier = [managerID]
        var level = 1
        while !frontier.isEmpty, level <= maximumLevels {
            let reports = try await Employee.query(on: db).filter(\.$managerID ~~ frontier).filter(
                \.$statusRaw != EmploymentStatus.left.rawValue
            )
            .sort(\.$sortName).all()
            frontier = []
            for report in reports where seen.insert(report.id!).inserted {
                members.append(Member(employee: report, level: level))
                frontier.append(report.id!)
            }
            level += 1
        }
        return members
    }
}

/// Everything Quartermaster holds about the signed-in person (GDPR Art. 15): later capabilities add their part here.
struct PersonalDataExport: Content {
    struct Account: Content {
        let email: String
        let name: String
        let role: String
        let language: String?
        let createdAt: Date
        let lastSignInAt: Date?
    }

    struct Session: Content {
        let createdAt: Date
        let lastSeenAt: Date
        let clientAddress: String?
        let userAgent: String?
    }

    struct SignInAttempt: Content {
        let occurredAt: Date
        let clientAddress: String
        let succeeded: Bool
    }

    struct Activity: Content {
        let occurredAt: Date
        let action: String
        let entityType: String?
        let entityId: String?
    }

    /// A device the person holds, and when they confirmed receiving it.
    struct Equipment: Content {
        let tag: String
        let name: String
        let model: String
        let type: String
        let serial: String?
        let assignedAt: Date?
        let receiptConfirmedAt: Date?
    }

    let generatedAt: Date
    let account: Account
    let employee: EmployeeDTO?
    /// The equipment the person holds, with their receipt confirmations.
    let equipment: [Equipment]
    /// Internet and mail use counted under the person's pseudonyms, and any finding re-identified as theirs.
    let usage: UsageSelfService.MineDTO?
    let apiTokens: [TokenDTO]
    let sessions: [Session]
    let signInAttempts: [SignInAttempt]
    /// What the person did, from the audit trail (newest first, at most 1,000 entries).
    let activity: [Activity]
    /// Audit entries about the person's own records.
    let changesToMyRecords: [Activity]

    static func gather(for userID: UUID, box: SecretBox, on db: any Database, now: Date) async throws -> PersonalDataExport {
        guard let user = try await User.find(userID, on: db) else { throw AppError.notFound }
        let employee = try await Employee.query(on: db).filter(\.$userID == userID).first()
        var equipment: [Equipment] = []
        var usage: UsageSelfService.MineDTO?
        if let employeeID = employee?.id {
            let held = try await Asset.query(on: db).filter(\.$assignedEmployeeID == employeeID).sort(\.$tag).all()
            let models = Dictionary(
                uniqueKeysWithValues: try await AssetModel.query(on: db).filter(\.$id ~~ Set(held.map(\.modelID))).all().map {
                    ($0.id!, $0.name)
                })
            equipment = held.map {
                Equipment(
                    tag: $0.tag, name: $0.name, model: models[$0.modelID] ?? "", type: $0.typeRaw, serial: $0.serial,
                    assignedAt: $0.assignedAt,
                    receiptConfirmedAt: $0.receiptConfirmedAt)
            }
            usage = try await UsageSelfService.data(of: employeeID, box: box, on: db)
        }
        let tokens = try await APIToken.query(on: db).filter(\.$user.$id == userID).sort(\.$createdAt).all()
        let sessions = try await UserSession.query(on: db).filter(\.$user.$id == userID).all()
        let attempts = try await LoginAttempt.query(on: db).filter(\.$email == user.email).sort(\.$occurredAt, .descending).limit(1000)
            .all()
        let activity = try await AuditEntry.query(on: db).filter(\.$actorID == userID.uuidString).sort(\.$id, .descending).limit(1000).all()
        var subjects = [userID.uuidString]
        if let employeeID = employee?.id { subjects.append(employeeID.uuidString) }
        let about = try await AuditEntry.query(on: db).filter(\.$entityID ~~ subjects).sort(\.$id, .descending).limit(1000).all()
        func entry(_ audit: AuditEntry) -> Activity {
            Activity(occurredAt: audit.occurredAt, action: audit.action, entityType: audit.entityType, entityId: audit.entityID)
        }
        return PersonalDataExport(
            generatedAt: now,
            account: Account(
                email: user.email, name: user.name, role: user.roleRaw, language: user.languageRaw, createdAt: user.createdAt,
                lastSignInAt: user.lastSignInAt),
            employee: employee.map(EmployeeDTO.init), equipment: equipment, usage: usage, apiTokens: tokens.map(TokenDTO.init),
            sessions: sessions.map {
                Session(createdAt: $0.createdAt, lastSeenAt: $0.lastSeenAt, clientAddress: $0.clientAddress, userAgent: $0.userAgent)
            },
            signInAttempts: attempts.map {
                SignInAttempt(occurredAt: $0.occurredAt, clientAddress: $0.clientAddress, succeeded: $0.succeeded)
            },
            activity: activity.map(entry), changesToMyRecords: about.map(entry))
    }
}
