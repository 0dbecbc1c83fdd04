import Domain
import Fluent
import Foundation
import Vapor

/// Sites and their rooms.
extension StructureService {
    struct SiteInput: Sendable {
        var name: String
        var address: String
        var country: String
        var timeZone: String

        func validate() -> [FieldError] {
            var errors = [Validate.required(name, field: "name"), Validate.required(address, field: "address", maxLength: 500)].compactMap {
                $0
            }
            let code = country.trimmingCharacters(in: .whitespaces)
            if code.count != 2 || !code.allSatisfy({ $0.isASCII && $0.isLetter }) {
                errors.append(FieldError(field: "country", code: .countryInvalid))
            }
            if TimeZone(identifier: timeZone) == nil { errors.append(FieldError(field: "timeZone", code: .timeZoneUnknown)) }
            return errors
        }

        func apply(to site: Site) {
            site.name = name.trimmingCharacters(in: .whitespaces)
            site.address = address.trimmingCharacters(in: .whitespaces)
            site.country = country.trimmingCharacters(in: .whitespaces).uppercased()
            site.timeZone = timeZone
        }
    }

    func createSite(_ input: SiteInput) async throws -> Site {
        try InputCheck.check(input.validate())
        let site = Site()
        input.apply(to: site)
        site.createdAt = app.services.clock.now()
        let name = site.name
        return try await app.createAudited(site, actor: actor) { db in
            try await InputCheck.unique(Site.query(on: db).filter(\.$name == name), field: "name")
        }
    }

    func updateSite(_ id: UUID, expectedVersion: Int?, _ input: SiteInput) async throws -> Site {
        try InputCheck.check(input.validate())
        return try await app.updateAudited(Site.self, id: id, expectedVersion: expectedVersion, actor: actor) { site, db in
            input.apply(to: site)
            let name = site.name
            try await InputCheck.unique(Site.query(on: db).filter(\.$name == name).filter(\.$id != id), field: "name")
        }
    }

    func addRoom(siteID: UUID, name: String, floor: String?) async throws -> Room {
        try InputCheck.check([Validate.required(name, field: "name")].compactMap { $0 })
        let room = Room()
        room.$site.id = siteID
        room.name = name.trimmingCharacters(in: .whitespaces)
        room.floor = floor?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        let now = app.services.clock.now()
        let actor = self.actor
        try await app.write { db in
            guard try await Site.find(siteID, on: db) != nil else { throw AppError.notFound }
            try await InputCheck.unique(Room.query(on: db).filter(\.$site.$id == siteID).filter(\.$name == room.name), field: "name")
            try await room.create(on: db)
            try await AuditLog.append(
                on: db, actor: actor, action: "room.create", entityType: "room", entityID: room.id?.uuidString,
                changes: ["site": AuditChange(before: nil, after: siteID.uuidString), "name": AuditChange(before: nil, after: room.name)],
                at: now)
        }
        return room
    }
}
