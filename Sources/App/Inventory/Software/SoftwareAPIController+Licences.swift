import Domain
import Fluent
import Foundation
import Vapor

/// Licences in the JSON API: the licences themselves, revealing a key, and the seats assigned.
extension SoftwareAPIController {
    func listLicences(_ req: Request) async throws -> Response {
        let today = try await req.application.organisationToday()
        var query = Licence.query(on: req.db).sort(\.$name)
        if let raw = req.query[String.self, at: "product"] {
            guard let product = UUID(uuidString: raw) else { throw ValidationFailure([FieldError(field: "product", code: .invalid)]) }
            query = query.filter(\.$productID == product)
        }
        let counts = try await RowCounts.by("licence_id", in: LicenceAssignment.schema, on: req.db)
        return try .json(try await query.all().map { LicenceDTO($0, assigned: counts[$0.id!] ?? 0, today: today) })
    }

    func createLicence(_ req: Request) async throws -> Response {
        let (body, present) = try req.decodeStrictWithKeys(LicenceBody.self)
        let licence = try await service(req).createLicence(try body.merged(over: nil, present: present))
        let today = try await req.application.organisationToday()
        let response = try Response.json(LicenceDTO(licence, assigned: 0, today: today), status: .created, version: licence.version)
        response.headers.replaceOrAdd(name: .location, value: Paths.apiLicence.path(licence.id!))
        return response
    }

    func getLicence(_ req: Request) async throws -> Response {
        guard let licence = try await Licence.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        return try await licenceResponse(req, licence)
    }

    func updateLicence(_ req: Request) async throws -> Response {
        let (id, version) = (try req.requireID(), try req.requiredIfMatchVersion())
        let (body, present) = try req.decodeStrictWithKeys(LicenceBody.self)
        guard let current = try await Licence.find(id, on: req.db) else { throw AppError.notFound }
        let licence = try await service(req).updateLicence(id, expectedVersion: version, try body.merged(over: current, present: present))
        return try await licenceResponse(req, licence)
    }

    struct RevealedKey: Content {
        let key: String?

        /// `key` is always present, null when no key is stored (the synthesised encoding would leave it out).
        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(["key": key])
        }
        static let schema = JSONSchema.object(properties: ["key": .nullable(.string())], required: ["key"])
    }

    func revealKey(_ req: Request) async throws -> Response {
        let response = try Response.json(RevealedKey(key: try await service(req).revealKey(try req.requireID())))
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    func listAssignments(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        guard try await Licence.find(id, on: req.db) != nil else { throw AppError.notFound }
        let assignments = try await LicenceAssignment.query(on: req.db).filter(\.$licenceID == id).sort(\.$assignedAt).all()
        var result: [AssignmentDTO] = []
        for assignment in assignments {
            result.append(AssignmentDTO(assignment, assignee: try await SoftwareService.assigneeLabel(assignment, on: req.db)))
        }
        return try .json(result)
    }

    func assign(_ req: Request) async throws -> Response {
        let body = try req.decodeStrict(AssignmentBody.self)
        let assignment = try await service(req).assign(
            licence: try req.requireID(), employeeNumber: body.employeeNumber, assetTag: body.assetTag)
        return try .json(
            AssignmentDTO(assignment, assignee: try await SoftwareService.assigneeLabel(assignment, on: req.db)), status: .created)
    }

    func unassign(_ req: Request) async throws -> Response {
        try await service(req).unassign(try req.requireID())
        return Response(status: .noContent)
    }

    private func licenceResponse(_ req: Request, _ licence: Licence) async throws -> Response {
        let assigned = try await LicenceAssignment.query(on: req.db).filter(\.$licenceID == licence.id!).count()
        let today = try await req.application.organisationToday()
        return try .json(LicenceDTO(licence, assigned: assigned, today: today), version: licence.version)
    }
}
