import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The user list, shared by the page and the API: search, filter, sort, page.
enum UserDirectory {
    static let sorts: Set<String> = ["name", "email", "role", "createdAt", "lastSignInAt"]

    struct Filters: Content {
        var limit: Int?
        var offset: Int?
        var sort: String?
        var q: String?
        var role: String?
        var disabled: Bool?
    }

    static func list(_ req: Request) async throws -> (users: [User], total: Int, query: ListQuery) {
        let filters = try req.filters(Filters.self)
        let query = try ListQuery.parse(
            limit: filters.limit, offset: filters.offset, sort: filters.sort, allowedSorts: sorts, defaultSort: "name",
            defaultLimit: req.pageSize
        ).get()
        if let role = filters.role, !role.isEmpty, Role(rawValue: role) == nil {
            throw ValidationFailure([FieldError(field: "role", code: .roleUnknown)])
        }
        var builder = User.query(on: req.db)
        if let text = filters.q?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            builder = builder.group(.or) { $0.containing(\.$name, text, on: req.db).containing(\.$email, text.lowercased(), on: req.db) }
        }
        if let role = filters.role, !role.isEmpty { builder = builder.filter(\.$roleRaw == role) }
        if let disabled = filters.disabled { builder = builder.filter(\.$disabled == disabled) }
        let total = try await builder.count()
        let direction: DatabaseQuery.Sort.Direction = query.descending ? .descending : .ascending
        switch query.sortField {
        case "email": builder = builder.sort(\.$email, direction)
        case "role": builder = builder.sort(\.$roleRaw, direction)
        case "createdAt": builder = builder.sort(\.$createdAt, direction)
        case "lastSignInAt": builder = builder.sort(\.$lastSignInAt, direction)
        default: builder = builder.sort(\.$name, direction)
        }
        let users = try await builder.sort(\.$id).range(query.offset..<(query.offset + query.limit)).all()
        return (users, total, query)
    }
}
