import Domain
import Fluent
import Foundation
import Vapor

/// Administration pages: users, roles, audit trail, organisation settings, background jobs.
struct AdminController: Sendable {
    struct UsersContent: Encodable {
        struct Row: Encodable {
            let href: String
            let name: String
            let email: String
            let roleKey: String
            let disabled: Bool
            let lastSignIn: String
        }

        let rows: [Row]
        let q: String
        let role: String
        let roles: [KeyedChoice]
        let columns: [SortLink]
        let pager: PagerContent
        let canManage: Bool
    }

    func users(_ req: Request) async throws -> Response {
        let (users, total, query) = try await UserDirectory.list(req)
        let filters = try req.filters(UserDirectory.Filters.self)
        let canManage = req.may(.manageUsers)
        let links = ListLinks(.adminUsers, query: query, filters: [("q", filters.q), ("role", filters.role)])
        let columns = links.columns([
            ("name", "users.name"), ("email", "users.email"), ("role", "users.role"), ("lastSignInAt", "users.last_sign_in"),
        ])
        let pager = links.pager(req, shown: users.count, total: total)
        let content = UsersContent(
            rows: users.map {
                .init(
                    href: Paths.adminUser.path($0.id!), name: $0.name, email: $0.email, roleKey: $0.role.labelKey, disabled: $0.disabled,
                    lastSignIn: req.dateTime($0.lastSignInAt))
            }, q: filters.q ?? "", role: filters.role ?? "",
            roles: Role.allCases.map { .init(value: $0.rawValue, labelKey: $0.labelKey, selected: $0.rawValue == filters.role) },
            columns: columns, pager: pager, canManage: canManage)
        return try await req.page("admin/users", titleKey: "users.title", content)
    }
}
