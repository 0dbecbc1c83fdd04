import Domain
import Fluent
import Foundation
import Vapor

/// VLANs and telephone numbers: one page with both lists and their forms, and the API.
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

    // MARK: API

    struct VLANDTO: Vapor.Content {
        let id: UUID
        let siteId: UUID
        let vid: Int
        let name: String
        let description: String
        let version: Int

        init(_ vlan: VLAN) {
            (id, siteId, vid, name, description, version) = (vlan.id!, vlan.siteID, vlan.vid, vlan.name, vlan.description, vlan.version)
        }

        static let fields: [String: JSONSchema] = [
            "siteId": .string(format: "uuid"), "vid": .integer(minimum: 1, maximum: 4094), "name": .string(), "description": .string(),
        ]
        static let schema = JSONSchema.object(
            properties: fields.merging(["id": .string(format: "uuid"), "version": .integer(minimum: 1)]) { $1 },
            required: ["id", "siteId", "vid", "name", "description", "version"])
    }

    struct VLANBody: APIRequestBody {
        let siteId: UUID?
        let vid: Int?
        let name: String
        let description: String?

        static let fieldNames = Set(VLANDTO.fields.keys)
        func validate() -> [FieldError] { [] }  // NumberingService.VLANInput.validate.
        static let schema = JSONSchema.object(properties: VLANDTO.fields, required: ["siteId", "vid", "name"])
    }

    struct NumberDTO: Vapor.Content {
        let id: UUID
        let number: String
        let `extension`: String?
        let employeeId: UUID?
        let assetId: UUID?
        let siteId: UUID?
        let description: String
        let version: Int

        init(_ record: TelephoneNumber) {
            (id, number, `extension`, employeeId) = (record.id!, record.number, record.phoneExtension, record.employeeID)
            (assetId, siteId, description, version) = (record.assetID, record.siteID, record.description, record.version)
        }

        static let schema = JSONSchema.object(
            properties: [
                "id": .string(format: "uuid"), "number": .string(), "extension": .nullable(.string()),
                "employeeId": .nullable(.string(format: "uuid")),
                "assetId": .nullable(.string(format: "uuid")), "siteId": .nullable(.string(format: "uuid")), "description": .string(),
                "version": .integer(minimum: 1),
            ], required: ["id", "number", "description", "version"])
    }

    struct NumberBody: APIRequestBody {
        let number: String
        let `extension`: String?
        let employeeNumber: String?
        let assetTag: String?
        let siteId: UUID?
        let description: String?

        static let fieldNames: Set<String> = ["number", "extension", "employeeNumber", "assetTag", "siteId", "description"]
        func validate() -> [FieldError] { [] }  // NumberingService.NumberInput.validate.
        static let schema = JSONSchema.object(
            properties: [
                "number": .string(), "extension": .string(), "employeeNumber": .string(), "assetTag": .string(),
                "siteId": .string(format: "uuid"),
                "description": .string(),
            ], required: ["number"])
    }

    func listVLANs(_ req: Request) async throws -> Response {
        try .json(try await VLAN.query(on: req.db).sort(\.$vid).all().map(VLANDTO.init))
    }

    func createVLAN(_ req: Request) async throws -> Response {
        let body = try req.decodeStrict(VLANBody.self)
        let vlan = try await service(req).createVLAN(
            .init(siteID: body.siteId, vid: body.vid, name: body.name, description: body.description ?? ""))
        return try .json(VLANDTO(vlan), status: .created, version: vlan.version)
    }

    func listNumbers(_ req: Request) async throws -> Response {
        try .json(try await TelephoneNumber.query(on: req.db).sort(\.$number).all().map(NumberDTO.init))
    }

    func createNumber(_ req: Request) async throws -> Response {
        let body = try req.decodeStrict(NumberBody.self)
        let record = try await service(req).createNumber(
            .init(
                number: body.number, phoneExtension: body.extension, employeeNumber: body.employeeNumber, assetTag: body.assetTag,
                siteID: body.siteId, description: body.description ?? ""))
        return try .json(NumberDTO(record), status: .created, version: record.version)
    }

    static let docs = (
        listVLANs: APIDoc(summary: "Every VLAN, by id.", response: .array(.ref("VLAN"))),
        createVLAN: APIDoc(
            summary: "Record a VLAN at a site; ids 1 to 4094, unique per site.", requestBody: .ref("VLANBody"), response: .ref("VLAN"),
            successStatus: 201),
        listNumbers: APIDoc(summary: "Every telephone number, in E.164 form.", response: .array(.ref("TelephoneNumber"))),
        createNumber: APIDoc(
            summary:
                "Record a telephone number (written as people do, stored in E.164) with its extension, for an employee (employeeNumber) or a device (assetTag).",
            requestBody: .ref("TelephoneNumberBody"), response: .ref("TelephoneNumber"), successStatus: 201)
    )
    static let schemas: [String: JSONSchema] = [
        "VLAN": VLANDTO.schema, "VLANBody": VLANBody.schema, "TelephoneNumber": NumberDTO.schema, "TelephoneNumberBody": NumberBody.schema,
    ]
}
