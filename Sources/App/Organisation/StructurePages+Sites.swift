import Domain
import Fluent
import Foundation
import Vapor

/// The sites: the list with their rooms, and the site form.
extension StructurePages {
    struct SitesContent: Encodable {
        struct Row: Encodable {
            let href: String?
            let name: String
            let address: String
            let country: String
            let timeZone: String
            let rooms: [String]
        }

        let rows: [Row]
        let canManage: Bool
    }

    func sites(_ req: Request) async throws -> Response {
        let sites = try await Site.query(on: req.db).filter(\.$archivedAt == nil).with(\.$rooms).sort(\.$name).all()
        let canManage = req.may(.manageStructure)
        return try await req.page(
            "organisation/sites", titleKey: "sites.title",
            SitesContent(
                rows: sites.map {
                    .init(
                        href: canManage ? Paths.site.path($0.id!) : nil, name: $0.name, address: $0.address, country: $0.country,
                        timeZone: $0.timeZone,
                        rooms: $0.rooms.map { room in room.floor.map { "\(room.name) (\($0))" } ?? room.name }.sorted())
                }, canManage: canManage))
    }

    struct SiteForm: Content {
        var name = ""
        var address = ""
        var country = ""
        var timeZone = "Europe/Tallinn"
        var version: Int?

        init(name: String = "", address: String = "", country: String = "", timeZone: String = "Europe/Tallinn", version: Int? = nil) {
            (self.name, self.address, self.country, self.timeZone, self.version) = (name, address, country, timeZone, version)
        }

        init(from decoder: any Decoder) throws {
            let form = try FormFields(decoder)
            self.init(
                name: form["name"], address: form["address"], country: form["country"], timeZone: form["timeZone"], version: form.version)
        }
    }

    struct SiteFormContent: Encodable {
        let action: String
        let roomsAction: String?
        let isNew: Bool
        let form: SiteForm
        let rooms: [String]
        let timeZones: [String]
        let errors: [String: String]
        let roomErrors: [String: String]
        let stale: Bool
    }

    func sitePage(
        _ req: Request, _ form: SiteForm, id: UUID?, errors: ValidationFailure? = nil, roomErrors: ValidationFailure? = nil,
        stale: Bool = false,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let rooms = try await id.asyncMap { try await Room.query(on: req.db).filter(\.$site.$id == $0).sort(\.$name).all() } ?? []
        let content = SiteFormContent(
            action: id.map { Paths.site.path($0) } ?? Paths.sites.path, roomsAction: id.map { Paths.siteRooms.path($0) }, isNew: id == nil,
            form: form,
            rooms: rooms.map { room in room.floor.map { "\(room.name) (\($0))" } ?? room.name },
            timeZones: TimeZone.knownTimeZoneIdentifiers.sorted(),
            errors: req.fieldMessages(errors), roomErrors: req.fieldMessages(roomErrors), stale: stale)
        return try await req.page("organisation/site-form", titleKey: id == nil ? "sites.new" : "sites.edit", content, status: status)
    }

    func newSite(_ req: Request) async throws -> Response { try await sitePage(req, SiteForm(), id: nil) }

    func editSite(_ req: Request) async throws -> Response {
        guard let site = try await Site.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        return try await sitePage(req, SiteForm(site), id: site.id)
    }

    func saveSite(_ req: Request) async throws -> Response {
        let id = req.parameters.get("id").flatMap(UUID.init(uuidString:))
        let form = try req.content.decode(SiteForm.self)
        let input = StructureService.SiteInput(name: form.name, address: form.address, country: form.country, timeZone: form.timeZone)
        return try await req.submit {
            if let id {
                _ = try await structure(req).updateSite(id, expectedVersion: form.version ?? 0, input)
            } else {
                _ = try await structure(req).createSite(input)
            }
            return req.redirect(to: Paths.sites.path + "?done=saved", redirectType: .normal)
        } invalid: { failure in
            return try await sitePage(req, form, id: id, errors: failure, status: .unprocessableEntity)
        } stale: {
            guard let id, let fresh = try await Site.find(id, on: req.db) else { throw AppError.notFound }
            return try await sitePage(req, SiteForm(fresh), id: id, stale: true, status: .conflict)
        }
    }
}

extension StructurePages.SiteForm {
    init(_ site: Site) {
        self.init(name: site.name, address: site.address, country: site.country, timeZone: site.timeZone, version: site.version)
    }
}
