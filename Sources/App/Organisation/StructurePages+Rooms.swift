import Domain
import Fluent
import Foundation
import Vapor

/// Adding a room to a site, from the site's form.
extension StructurePages {
    struct RoomForm: Content {
        var name: String
        var floor: String?
    }

    func addRoom(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let form = try req.content.decode(RoomForm.self)
        return try await req.submit {
            _ = try await structure(req).addRoom(siteID: id, name: form.name, floor: form.floor)
            return req.redirect(to: Paths.site.path(id) + "?done=created", redirectType: .normal)
        } invalid: { failure in
            guard let site = try await Site.find(id, on: req.db) else { throw AppError.notFound }
            return try await sitePage(req, SiteForm(site), id: id, roomErrors: failure, status: .unprocessableEntity)
        }
    }
}
