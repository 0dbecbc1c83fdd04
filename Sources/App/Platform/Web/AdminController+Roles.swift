import Domain
import Fluent
import Foundation
import Vapor

/// The roles page: what each role may do.
extension AdminController {
    struct RolesContent: Encodable {
        struct Row: Encodable {
            let labelKey: String
            let cells: [Bool]
        }

        let roleKeys: [String]
        let rows: [Row]
    }

    func roles(_ req: Request) async throws -> Response {
        let table = req.services.permissions
        let content = RolesContent(
            roleKeys: Role.allCases.map(\.labelKey),
            rows: Action.allCases.map { action in .init(labelKey: action.labelKey, cells: Role.allCases.map { table.allows($0, action) }) })
        return try await req.page("admin/roles", titleKey: "roles.title", content)
    }
}
