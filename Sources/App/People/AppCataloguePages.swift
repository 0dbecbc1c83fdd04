import Domain
import Fluent
import Foundation
import Vapor

/// The applications catalogue in the browser: the list, an application's page with who has access, its form, giving
/// and taking away access, an employee's access, and the reader's own.
struct AppCataloguePages: Sendable {
    func service(_ req: Request) -> AppCatalogueService { AppCatalogueService(app: req.application, actor: req.auditActor) }

    struct ListContent: Encodable {
        struct Row: Encodable {
            let href: String
            let name: String
            let method: String
            let owner: String
            let product: String
            let people: Int
        }

        let rows: [Row]
        let canManage: Bool
    }

    func list(_ req: Request) async throws -> Response {
        let apps = try await CompanyApp.query(on: req.db).sort(\.$nameKey).all()
        let owners = try await Employee.auditLabels(apps.compactMap(\.ownerID), on: req.db)
        let products = try await SoftwareProduct.auditLabels(apps.compactMap(\.productID), on: req.db)
        let counts = try await Self.currentCounts(on: req.db)
        let rows = apps.map {
            ListContent.Row(
                href: Paths.application.path($0.id!), name: $0.name, method: req.t($0.method.labelKey),
                owner: $0.ownerID.flatMap { owners[$0] } ?? "–", product: $0.productID.flatMap { products[$0] } ?? "–",
                people: counts[$0.id!] ?? 0)
        }
        return try await req.page(
            "people/applications", titleKey: "application.title", ListContent(rows: rows, canManage: req.may(.manageApplications)))
    }

    /// Current grants per application.
    static func currentCounts(on db: any Database) async throws -> [UUID: Int] {
        var counts: [UUID: Int] = [:]
        for row in try await db.sql.raw(
            "SELECT app_id, COUNT(*) AS n FROM access_grants WHERE revoked_at IS NULL GROUP BY app_id"
        ).all() {
            counts[try row.decode(column: "app_id", as: UUID.self)] = try row.decode(column: "n", as: Int.self)
        }
        return counts
    }

    // MARK: One application

    struct GrantRow: Encodable {
        let id: String
        let application: String
        let applicationHref: String
        let employee: String
        let employeeHref: String?
        let since: String
        let grantedBy: String
        let how: String
        let note: String
        let until: String
        let revokedBy: String
        let revokeNote: String
        let revokeAction: String
    }

    struct DetailContent: Encodable {
        let id: String
        let name: String
        let description: String
        let owner: String
        let ownerHref: String?
        let signInURL: String
        let product: String
        let productHref: String?
        let licence: String
        let licenceHref: String?
        let method: String
        let directoryGroups: [String]
        let instructions: String
        let audiences: [String]
        /// One page of who has access now (an application everyone has may have thousands), newest first.
        let current: [GrantRow]
        let pager: PagerContent
        let history: [GrantRow]
        let canManage: Bool
        let editHref: String
        let grantAction: String
        let employeeNumber: String
        let note: String
        let errors: [String: String]
    }

    func detail(_ req: Request) async throws -> Response {
        try await detailPage(req, id: try req.requireID())
    }

    private func detailPage(
        _ req: Request, id: UUID, employeeNumber: String = "", note: String = "", errors: ValidationFailure? = nil,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        guard let record = try await CompanyApp.find(id, on: req.db) else { throw AppError.notFound }
        struct Paging: Decodable {
            var limit: Int?
            var offset: Int?
        }
        let paging = try req.filters(Paging.self)
        let query = try ListQuery.parse(
            limit: paging.limit, offset: paging.offset, sort: nil, allowedSorts: [], defaultSort: "since", defaultLimit: req.pageSize
        ).get()
        let currentQuery = AccessGrant.query(on: req.db).filter(\.$appID == id).filter(\.$revokedAt == nil)
        let total = try await currentQuery.count()
        let current = try await Self.rows(
            try await currentQuery.sort(\.$grantedAt, .descending).sort(\.$id).range(query.offset..<(query.offset + query.limit)).all(), req
        )
        // What was taken away: the latest hundred; the person's page and the API have all of it.
        let history = try await Self.rows(
            try await AccessGrant.query(on: req.db).filter(\.$appID == id).filter(\.$revokedAt != nil).sort(\.$revokedAt, .descending)
                .limit(100).all(), req)
        let base = Paths.application.path(id)
        let pager = PagerContent(
            req, query: query, shown: current.count, total: total,
            link: {
                $0 > 0
                    ? "\(base)?offset=\($0)" + (query.limitIsDefault ? "" : "&limit=\(query.limit)")
                    : base + (query.limitIsDefault ? "" : "?limit=\(query.limit)")
            },
            size: { "\(base)?limit=\($0)" })
        let owner = try await record.ownerID.asyncMap { try await Employee.find($0, on: req.db) } ?? nil
        let product = try await record.productID.asyncMap { try await SoftwareProduct.find($0, on: req.db) } ?? nil
        let licence = try await record.licenceID.asyncMap { try await Licence.find($0, on: req.db) } ?? nil
        return try await req.page(
            "people/application", titleKey: "application.title", record: record.name,
            DetailContent(
                id: id.uuidString, name: record.name, description: record.details, owner: owner?.fullName ?? "–",
                ownerHref: req.link(owner.map { Paths.employee.path($0.id!) }), signInURL: record.signInURL,
                product: product.map { $0.auditLabel } ?? "–", productHref: req.link(product.map { Paths.softwareProduct.path($0.id!) }),
                licence: licence?.name ?? "–", licenceHref: req.link(licence.map { Paths.licence.path($0.id!) }),
                method: req.t(record.method.labelKey),
                directoryGroups: record.directoryGroups, instructions: record.instructions,
                audiences: try await Self.audienceTexts(record.audiences, req), current: current, pager: pager, history: history,
                canManage: req.may(.manageApplications),
                editHref: Paths.applicationEdit.path(id), grantAction: Paths.applicationGrants.path(id), employeeNumber: employeeNumber,
                note: note, errors: req.fieldMessages(errors)), status: status)
    }

    /// "Everyone", "Department: Sales", "Job title: Accountant".
    static func audienceTexts(_ audiences: [AccessAudience], _ req: Request) async throws -> [String] {
        let departments = try await Department.auditLabels(
            audiences.compactMap { if case .department(let id) = $0 { id } else { nil } }, on: req.db)
        let sites = try await Site.auditLabels(audiences.compactMap { if case .site(let id) = $0 { id } else { nil } }, on: req.db)
        return audiences.map { audience in
            switch audience {
            case .everyone: req.t("application.audience.everyone")
            case .department(let id): req.t("application.audience.department_named", ["name": departments[id] ?? "–"])
            case .site(let id): req.t("application.audience.site_named", ["name": sites[id] ?? "–"])
            case .jobTitle(let title): req.t("application.audience.job_title_named", ["name": title])
            }
        }
    }

    static func rows(_ grants: [AccessGrant], _ req: Request) async throws -> [GrantRow] {
        let apps = try await CompanyApp.auditLabels(Array(Set(grants.map(\.appID))), on: req.db)
        let people = try await Employee.auditLabels(Array(Set(grants.map(\.employeeID))), on: req.db)
        return grants.map { grant in
            GrantRow(
                id: grant.id!.uuidString, application: apps[grant.appID] ?? "–", applicationHref: Paths.application.path(grant.appID),
                employee: people[grant.employeeID] ?? "–", employeeHref: req.link(Paths.employeeAccess.path(grant.employeeID)),
                since: req.dateTime(grant.grantedAt), grantedBy: grant.grantedBy,
                how: req.t(grant.byDefault ? "application.how.default" : "application.how.decided"), note: grant.note,
                until: grant.revokedAt.map { req.dateTime($0) } ?? "", revokedBy: grant.revokedBy ?? "", revokeNote: grant.revokeNote ?? "",
                revokeAction: Paths.accessGrantRevoke.path(grant.id!))
        }
    }

    func grant(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let form = try req.content.decode(FormBody.self).form
        let (number, note) = (form["employeeNumber"].trimmingCharacters(in: .whitespaces), form["note"])
        return try await req.submit {
            guard let employee = try await Employee.query(on: req.db).filter(\.$employeeNumber == number).first() else {
                throw ValidationFailure([FieldError(field: "employeeNumber", code: number.isEmpty ? .required : .notFound)])
            }
            do {
                try await service(req).grant(id, to: [employee.id!], note: note)
            } catch let failure as ValidationFailure {
                // The service speaks of the employee by id; the form asked for a number.
                throw ValidationFailure(
                    failure.errors.map { $0.field == "employeeId" ? FieldError(field: "employeeNumber", code: $0.code) : $0 })
            }
            return req.redirect(to: Paths.application.path(id) + "?done=granted&count=1", redirectType: .normal)
        } invalid: { failure in
            try await detailPage(req, id: id, employeeNumber: number, note: note, errors: failure, status: .unprocessableEntity)
        }
    }

    /// Takes a grant away and returns to the page it was taken from (the application's or the employee's).
    func revoke(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let form = try req.content.decode(FormBody.self).form
        let grant: AccessGrant
        do {
            grant = try await service(req).revoke(id, note: form["note"])
        } catch let error as AppError where error.code == AppError.preconditionFailed.code {
            // Taken away already (by someone else, or a second click): the page shows it so.
            guard let existing = try await AccessGrant.find(id, on: req.db) else { throw AppError.notFound }
            grant = existing
        }
        let back = form["back"] == "employee" ? Paths.employeeAccess.path(grant.employeeID) : Paths.application.path(grant.appID)
        return req.redirect(to: back + "?done=revoked", redirectType: .normal)
    }

    // MARK: A person's access

    struct PersonContent: Encodable {
        let employee: String
        let employeeHref: String?
        let current: [GrantRow]
        let history: [GrantRow]
        let due: [String]
        /// Taking access away stays possible for a leaver; giving the default access does not.
        let canManage: Bool
        let canGrantDefaults: Bool
        let defaultsAction: String
        let directory: DirectoryPages.AccountPanel
    }

    func employeeAccess(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        guard let employee = try await Employee.find(id, on: req.db) else { throw AppError.notFound }
        let rows = try await Self.rows(
            try await AccessGrant.query(on: req.db).filter(\.$employeeID == id).sort(\.$grantedAt, .descending).all(), req)
        let active = employee.status != .left && employee.erasedAt == nil
        let due = active ? try await AppCatalogueService.defaultDifference(for: employee, on: req.db).grant : []
        let names = try await CompanyApp.auditLabels(due, on: req.db)
        return try await req.page(
            "people/employee-access", titleKey: "application.access_title", record: employee.fullName,
            PersonContent(
                employee: employee.fullName, employeeHref: req.link(Paths.employee.path(id)), current: rows.filter { $0.until.isEmpty },
                history: rows.filter { !$0.until.isEmpty }, due: due.compactMap { names[$0] }, canManage: req.may(.manageApplications),
                canGrantDefaults: req.may(.manageApplications) && active, defaultsAction: Paths.employeeAccessDefaults.path(id),
                directory: try await DirectoryPages.panel(for: employee, req)))
    }

    func grantDefaults(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let grants = try await service(req).grantDefaults(to: id)
        return req.redirect(to: Paths.employeeAccess.path(id) + "?done=granted&count=\(grants.count)", redirectType: .normal)
    }

    struct MineContent: Encodable {
        struct Row: Encodable {
            let name: String
            let signInURL: String
            let since: String
            let description: String
        }

        let linked: Bool
        let rows: [Row]
    }

    func mine(_ req: Request) async throws -> Response {
        guard let employee = try await req.signedInEmployee() else {
            return try await req.page("people/my-access", titleKey: "application.my_access", MineContent(linked: false, rows: []))
        }
        let grants = try await AccessGrant.query(on: req.db).filter(\.$employeeID == employee.id!).filter(\.$revokedAt == nil).all()
        let apps = Dictionary(
            uniqueKeysWithValues: try await CompanyApp.query(on: req.db).filter(\.$id ~~ grants.map(\.appID)).all().map { ($0.id!, $0) })
        let rows = grants.compactMap { grant in
            apps[grant.appID].map {
                MineContent.Row(name: $0.name, signInURL: $0.signInURL, since: req.dateTime(grant.grantedAt), description: $0.details)
            }
        }.sorted { $0.name.lowercased() < $1.name.lowercased() }
        return try await req.page("people/my-access", titleKey: "application.my_access", MineContent(linked: true, rows: rows))
    }
}
