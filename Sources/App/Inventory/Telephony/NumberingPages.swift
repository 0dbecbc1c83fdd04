import Domain
import Fluent
import Foundation
import Vapor

/// VLANs and telephone numbers: one page with both lists and their forms.
struct NumberingPages: Sendable {

    private func service(_ req: Request) -> NumberingService { NumberingService(app: req.application, actor: req.auditActor) }

    struct Content: Encodable {
        struct VLANRow: Encodable {
            let site: String
            let vid: Int
            let name: String
            let description: String
        }

        struct NumberRow: Encodable {
            let number: String
            let phoneExtension: String
            let holder: String
            let holderHref: String?
            let site: String
            let description: String
        }

        let vlans: [VLANRow]
        let numbers: [NumberRow]
        let sites: [Choice]
        let canManage: Bool
        let errors: [String: String]
    }

    func page(_ req: Request) async throws -> Response { try await render(req) }

    private func render(_ req: Request, errors: ValidationFailure? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let places = try await StructureNames.load(on: req.db)
        let vlans = try await VLAN.query(on: req.db).sort(\.$vid).all()
            .sorted { (places.sites[$0.siteID] ?? "", $0.vid) < (places.sites[$1.siteID] ?? "", $1.vid) }
        let numbers = try await TelephoneNumber.query(on: req.db).sort(\.$number).all()
        let employees = try await AssetLookups.employeeNames(numbers.compactMap(\.employeeID), on: req.db)
        let assetIDs = numbers.compactMap(\.assetID)
        let tags =
            assetIDs.isEmpty
            ? [:]
            : Dictionary(uniqueKeysWithValues: try await Asset.query(on: req.db).filter(\.$id ~~ assetIDs).all().map { ($0.id!, $0.tag) })
        return try await req.page(
            "network/numbering", titleKey: "numbering.title",
            Content(
                vlans: vlans.map {
                    .init(site: places.sites[$0.siteID] ?? "", vid: $0.vid, name: $0.name, description: $0.description)
                },
                numbers: numbers.map { number in
                    .init(
                        number: number.number, phoneExtension: number.phoneExtension ?? "–",
                        holder: number.employeeID.flatMap { employees[$0] } ?? number.assetID.flatMap { tags[$0] } ?? "–",
                        holderHref: number.employeeID.map { Paths.employee.path($0) }
                            ?? number.assetID.map { Paths.hardwareAsset.path($0) },
                        site: number.siteID.flatMap { places.sites[$0] } ?? "–", description: number.description)
                },
                sites: places.siteChoices(selected: nil), canManage: req.may(.manageInventory),
                errors: req.fieldMessages(errors)),
            status: status)
    }

    func addVLAN(_ req: Request) async throws -> Response {
        let form = try req.content.decode(FormBody.self).form
        return try await req.submit {
            _ = try await service(req).createVLAN(
                .init(
                    siteID: UUID(uuidString: form["siteId"]), vid: Int(form["vid"].trimmingCharacters(in: .whitespaces)),
                    name: form["name"],
                    description: form["description"]))
            return req.redirect(to: Paths.networkNumbering.path + "?done=created", redirectType: .normal)
        } invalid: { failure in
            return try await render(
                req, errors: ValidationFailure(failure.errors.map { FieldError(field: "vlan_\($0.field)", code: $0.code) }),
                status: .unprocessableEntity)
        }
    }

    func addNumber(_ req: Request) async throws -> Response {
        let form = try req.content.decode(FormBody.self).form
        return try await req.submit {
            _ = try await service(req).createNumber(
                .init(
                    number: form["number"], phoneExtension: form["extension"], employeeNumber: form["employeeNumber"],
                    assetTag: form["assetTag"],
                    siteID: UUID(uuidString: form["siteId"]), description: form["description"]))
            return req.redirect(to: Paths.networkNumbering.path + "?done=created", redirectType: .normal)
        } invalid: { failure in
            return try await render(
                req, errors: ValidationFailure(failure.errors.map { FieldError(field: "phone_\($0.field)", code: $0.code) }),
                status: .unprocessableEntity)
        }
    }
}
