import Domain
import Fluent
import Foundation
import Vapor

struct SoftwareProductDTO: Content {
    let id: UUID
    let publisher: String
    let name: String
    let category: SoftwareCategory
    let notes: String
    let version: Int

    init(_ product: SoftwareProduct) {
        (id, publisher, name, category, notes, version) = (
            product.id!, product.publisher, product.name, product.category, product.notes, product.version
        )
    }

    static let fieldSchemas: [String: JSONSchema] = [
        "publisher": .string(), "name": .string(), "category": .string(enumeration: SoftwareCategory.allCases.map(\.rawValue)),
        "notes": .string(),
    ]
    static let schema = JSONSchema.object(
        properties: fieldSchemas.merging(["id": .string(format: "uuid"), "version": .integer(minimum: 1)]) { $1 },
        required: ["id", "publisher", "name", "category", "notes", "version"])
}

struct SoftwareProductBody: APIRequestBody {
    let publisher: String?
    let name: String?
    let category: String?
    let notes: String?

    static let fieldNames = Set(SoftwareProductDTO.fieldSchemas.keys)
    func validate() -> [FieldError] { [] }  // SoftwareService.ProductInput.validate, after merging.

    func merged(over base: SoftwareProduct?, present: Set<String>) -> SoftwareService.ProductInput {
        func pick(_ key: String, _ new: String?, _ old: String?) -> String? { present.contains(key) ? new : old }
        return .init(
            publisher: pick("publisher", publisher, base?.publisher) ?? "", name: pick("name", name, base?.name) ?? "",
            category: pick("category", category, base?.categoryRaw) ?? SoftwareCategory.other.rawValue,
            notes: pick("notes", notes, base?.notes) ?? "")
    }

    static let schema = JSONSchema.object(properties: SoftwareProductDTO.fieldSchemas, required: ["name"])
}

struct InstallationDTO: Content {
    let id: UUID
    let productId: UUID
    let assetId: UUID
    let assetTag: String
    let productVersion: String
    let installedOn: String?
    let source: String

    static let schema = JSONSchema.object(
        properties: [
            "id": .string(format: "uuid"), "productId": .string(format: "uuid"), "assetId": .string(format: "uuid"), "assetTag": .string(),
            "productVersion": .string(), "installedOn": .nullable(.string(format: "date")),
            "source": .string(enumeration: ["manual", "import"]),
        ], required: ["id", "productId", "assetId", "assetTag", "productVersion", "source"])
}

struct InstallationBody: APIRequestBody {
    let assetTag: String
    let productVersion: String?
    let installedOn: String?

    static let fieldNames: Set<String> = ["assetTag", "productVersion", "installedOn"]
    func validate() -> [FieldError] { [] }  // SoftwareService.install.

    static let schema = JSONSchema.object(
        properties: ["assetTag": .string(), "productVersion": .string(), "installedOn": .nullable(.string(format: "date"))],
        required: ["assetTag"])
}

struct LicenceDTO: Content {
    let id: UUID
    let productId: UUID
    let vendorId: UUID?
    let name: String
    let kind: LicenceKind
    let seats: Int?
    let siteId: UUID?
    let cost: MoneyDTO?
    let billing: LicenceBilling
    let costPerYear: MoneyDTO?
    let startDate: String
    let renewalDate: String?
    let autoRenews: Bool
    let renewalMonths: Int
    /// The end of the term running today; whether the licence counts today.
    let currentEnd: String?
    let inForce: Bool
    let orderNumber: String
    let costCentreId: UUID?
    let notes: String
    /// Whether a key is stored; the key itself only through the reveal endpoint.
    let hasKey: Bool
    let assigned: Int
    let version: Int

    init(_ licence: Licence, assigned: Int, today: CalendarDate) {
        (id, productId, vendorId, name, kind) = (licence.id!, licence.productID, licence.vendorID, licence.name, licence.kind)
        (seats, siteId, billing) = (licence.seats, licence.siteID, licence.billing)
        cost = licence.cost.map(MoneyDTO.init)
        costPerYear = licence.entitlement(assigned: assigned).yearlyCost.map(MoneyDTO.init)
        (startDate, renewalDate, autoRenews, renewalMonths) = (
            licence.startDateText, licence.renewalDateText, licence.autoRenews, licence.renewalMonths
        )
        currentEnd = licence.term?.currentEnd(on: today)?.description
        inForce = licence.isInForce(on: today)
        (orderNumber, costCentreId, notes) = (licence.orderNumber, licence.costCentreID, licence.notes)
        (hasKey, self.assigned, version) = (licence.keySealed != nil, assigned, licence.version)
    }

    static let fieldSchemas: [String: JSONSchema] = [
        "productId": .string(format: "uuid"), "vendorId": .nullable(.string(format: "uuid")), "name": .string(),
        "kind": .string(enumeration: LicenceKind.allCases.map(\.rawValue)), "seats": .nullable(.integer(minimum: 1, maximum: 1_000_000)),
        "siteId": .nullable(.string(format: "uuid")), "cost": .nullable(.ref("Money")),
        "billing": .string(enumeration: LicenceBilling.allCases.map(\.rawValue)), "startDate": .string(format: "date"),
        "renewalDate": .nullable(.string(format: "date")), "autoRenews": .boolean, "renewalMonths": .integer(minimum: 1, maximum: 120),
        "orderNumber": .string(), "costCentreId": .nullable(.string(format: "uuid")), "notes": .string(),
    ]
    static let schema = JSONSchema.object(
        properties: fieldSchemas.merging(
            [
                "id": .string(format: "uuid"), "costPerYear": .nullable(.ref("Money")), "currentEnd": .nullable(.string(format: "date")),
                "inForce": .boolean, "hasKey": .boolean, "assigned": .integer(minimum: 0), "version": .integer(minimum: 1),
            ]
        ) { $1 },
        required: [
            "id", "productId", "name", "kind", "billing", "startDate", "autoRenews", "renewalMonths", "inForce", "orderNumber", "notes",
            "hasKey", "assigned", "version",
        ])
}

struct LicenceBody: APIRequestBody {
    let productId: UUID?
    let vendorId: UUID?
    let name: String?
    let kind: String?
    let seats: Int?
    let siteId: UUID?
    let cost: MoneyDTO?
    let billing: String?
    let startDate: String?
    let renewalDate: String?
    let autoRenews: Bool?
    let renewalMonths: Int?
    let orderNumber: String?
    let costCentreId: UUID?
    let notes: String?
    let key: String?

    static let fieldNames = Set(LicenceDTO.fieldSchemas.keys).union(["key"])
    func validate() -> [FieldError] { [] }  // SoftwareService.LicenceInput.validate, after merging.

    func merged(over base: Licence?, present: Set<String>) throws -> SoftwareService.LicenceInput {
        func pick<T>(_ key: String, _ new: T?, _ old: T?) -> T? { present.contains(key) ? new : old }
        return .init(
            productID: pick("productId", productId, base?.productID), vendorID: pick("vendorId", vendorId, base?.vendorID),
            name: pick("name", name, base?.name) ?? "", kind: pick("kind", kind, base?.kindRaw) ?? "",
            seats: pick("seats", seats, base?.seats), siteID: pick("siteId", siteId, base?.siteID),
            cost: present.contains("cost") ? try cost?.money(field: "cost") : base?.cost,
            billing: pick("billing", billing, base?.billingRaw) ?? LicenceBilling.yearly.rawValue,
            startDate: pick("startDate", startDate, base?.startDateText) ?? "",
            renewalDate: pick("renewalDate", renewalDate, base?.renewalDateText),
            autoRenews: pick("autoRenews", autoRenews, base?.autoRenews) ?? false,
            renewalMonths: pick("renewalMonths", renewalMonths, base?.renewalMonths) ?? 12,
            orderNumber: pick("orderNumber", orderNumber, base?.orderNumber) ?? "",
            costCentreID: pick("costCentreId", costCentreId, base?.costCentreID), notes: pick("notes", notes, base?.notes) ?? "",
            // Absent keeps the stored key; null or "" removes it.
            key: present.contains("key") ? (key ?? "") : nil)
    }

    static let schema = JSONSchema.object(
        properties: LicenceDTO.fieldSchemas.merging(["key": .nullable(.string())]) { $1 },
        required: ["productId", "name", "kind", "startDate"])
}

struct AssignmentDTO: Content {
    let id: UUID
    let licenceId: UUID
    let employeeId: UUID?
    let assetId: UUID?
    let assignee: String
    let assignedAt: Date
    let assignedBy: String

    init(_ assignment: LicenceAssignment, assignee: String) {
        (id, licenceId, employeeId, assetId) = (assignment.id!, assignment.licenceID, assignment.employeeID, assignment.assetID)
        (self.assignee, assignedAt, assignedBy) = (assignee, assignment.assignedAt, assignment.assignedBy)
    }

    static let schema = JSONSchema.object(
        properties: [
            "id": .string(format: "uuid"), "licenceId": .string(format: "uuid"), "employeeId": .nullable(.string(format: "uuid")),
            "assetId": .nullable(.string(format: "uuid")), "assignee": .string(), "assignedAt": .string(format: "date-time"),
            "assignedBy": .string(),
        ], required: ["id", "licenceId", "assignee", "assignedAt", "assignedBy"])
}

struct AssignmentBody: APIRequestBody {
    let employeeNumber: String?
    let assetTag: String?

    static let fieldNames: Set<String> = ["employeeNumber", "assetTag"]
    func validate() -> [FieldError] { [] }  // SoftwareService.assign.

    static let schema = JSONSchema.object(properties: ["employeeNumber": .string(), "assetTag": .string()], required: [])
}

struct ComplianceDTO: Content {
    let productId: UUID
    let publisher: String
    let product: String
    let category: SoftwareCategory
    let status: String
    let licences: Int
    let entitled: Int?
    let installations: Int
    let coveredBySite: Int
    let assigned: Int
    let demand: Int
    let surplus: Int
    let shortfall: Int
    let surplusCostPerYear: [MoneyDTO]
    let shortfallCostPerYear: [MoneyDTO]
    let costPerYear: [MoneyDTO]

    init(_ row: SoftwareCompliance.Row) {
        let p = row.position
        (productId, publisher, product, category) = (row.product.id!, row.product.publisher, row.product.name, row.product.category)
        (status, licences, entitled, installations, coveredBySite) = (
            p.status.rawValue, p.licences, p.entitled, p.installations, p.coveredBySite
        )
        (assigned, demand, surplus, shortfall) = (p.assigned, p.demand, p.surplus, p.shortfall)
        surplusCostPerYear = p.surplusCostPerYear.map(MoneyDTO.init)
        shortfallCostPerYear = p.shortfallCostPerYear.map(MoneyDTO.init)
        costPerYear = p.costPerYear.map(MoneyDTO.init)
    }

    static let schema = JSONSchema.object(
        properties: [
            "productId": .string(format: "uuid"), "publisher": .string(), "product": .string(),
            "category": .string(enumeration: SoftwareCategory.allCases.map(\.rawValue)),
            "status": .string(enumeration: LicencePosition.Status.allCases.map(\.rawValue)), "licences": .integer(minimum: 0),
            "entitled": .nullable(.integer(minimum: 0)), "installations": .integer(minimum: 0), "coveredBySite": .integer(minimum: 0),
            "assigned": .integer(minimum: 0), "demand": .integer(minimum: 0), "surplus": .integer(minimum: 0),
            "shortfall": .integer(minimum: 0), "surplusCostPerYear": .array(.ref("Money")), "shortfallCostPerYear": .array(.ref("Money")),
            "costPerYear": .array(.ref("Money")),
        ],
        required: [
            "productId", "publisher", "product", "category", "status", "licences", "installations", "coveredBySite", "assigned", "demand",
            "surplus", "shortfall", "surplusCostPerYear", "shortfallCostPerYear", "costPerYear",
        ])
}

/// Software products, installations, licences, seats and compliance in the JSON API.
struct SoftwareAPIController: Sendable {
    private func service(_ req: Request) -> SoftwareService { SoftwareService(app: req.application, actor: req.auditActor) }

    func listProducts(_ req: Request) async throws -> Response {
        try .json(try await SoftwareProduct.query(on: req.db).sort(\.$nameKey).all().map(SoftwareProductDTO.init))
    }

    func createProduct(_ req: Request) async throws -> Response {
        let (body, present) = try req.decodeStrictWithKeys(SoftwareProductBody.self)
        let product = try await service(req).createProduct(body.merged(over: nil, present: present))
        let response = try Response.json(SoftwareProductDTO(product), status: .created, version: product.version)
        response.headers.replaceOrAdd(name: .location, value: Paths.apiSoftwareProduct.path(product.id!))
        return response
    }

    func getProduct(_ req: Request) async throws -> Response {
        guard let product = try await SoftwareProduct.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        return try .json(SoftwareProductDTO(product), version: product.version)
    }

    func updateProduct(_ req: Request) async throws -> Response {
        let (id, version) = (try req.requireID(), try req.requiredIfMatchVersion())
        let (body, present) = try req.decodeStrictWithKeys(SoftwareProductBody.self)
        guard let current = try await SoftwareProduct.find(id, on: req.db) else { throw AppError.notFound }
        let product = try await service(req).updateProduct(id, expectedVersion: version, body.merged(over: current, present: present))
        return try .json(SoftwareProductDTO(product), version: product.version)
    }

    func listInstallations(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        guard try await SoftwareProduct.find(id, on: req.db) != nil else { throw AppError.notFound }
        return try .json(try await Self.installations(of: id, on: req.db))
    }

    func install(_ req: Request) async throws -> Response {
        let body = try req.decodeStrict(InstallationBody.self)
        let install = try await service(req).install(
            product: try req.requireID(), assetTag: body.assetTag, productVersion: body.productVersion ?? "", installedOn: body.installedOn)
        let tag = try await Asset.find(install.assetID, on: req.db)?.tag ?? ""
        return try .json(Self.dto(install, tag: tag), status: .created)
    }

    func uninstall(_ req: Request) async throws -> Response {
        try await service(req).uninstall(try req.requireID())
        return Response(status: .noContent)
    }

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

    func compliance(_ req: Request) async throws -> Response {
        let today = try await req.application.organisationToday()
        return try .json(try await SoftwareCompliance.positions(on: req.db, today: today).map(ComplianceDTO.init))
    }

    private func licenceResponse(_ req: Request, _ licence: Licence) async throws -> Response {
        let assigned = try await LicenceAssignment.query(on: req.db).filter(\.$licenceID == licence.id!).count()
        let today = try await req.application.organisationToday()
        return try .json(LicenceDTO(licence, assigned: assigned, today: today), version: licence.version)
    }

    static func dto(_ install: SoftwareInstall, tag: String) -> InstallationDTO {
        InstallationDTO(
            id: install.id!, productId: install.productID, assetId: install.assetID, assetTag: tag, productVersion: install.productVersion,
            installedOn: install.installedOnText, source: install.source)
    }

    /// A product's installations with their asset tags, by tag.
    static func installations(of product: UUID, on db: any Database) async throws -> [InstallationDTO] {
        let installs = try await SoftwareInstall.query(on: db).filter(\.$productID == product).all()
        let ids = installs.map(\.assetID)
        let assets = ids.isEmpty ? [] : try await Asset.query(on: db).filter(\.$id ~~ ids).all()
        let tags = Dictionary(uniqueKeysWithValues: assets.map { ($0.id!, $0.tag) })
        return installs.map { dto($0, tag: tags[$0.assetID] ?? "") }.sorted { $0.assetTag < $1.assetTag }
    }
}

enum SoftwareAPIDocs {
    static let listProducts = APIDoc(summary: "Every software product, by publisher and name.", response: .array(.ref("SoftwareProduct")))
    static let createProduct = APIDoc(
        summary: "Record a software product; publisher and name together are unique without regard to case.",
        requestBody: .ref("SoftwareProductBody"), response: .ref("SoftwareProduct"), successStatus: 201)
    static let getProduct = APIDoc(summary: "One product; the ETag is its version.", response: .ref("SoftwareProduct"))
    static let updateProduct = APIDoc(
        summary: "Change a product (If-Match: its version).", requestBody: .ref("SoftwareProductBody"), response: .ref("SoftwareProduct"),
        conditional: true)
    static let listInstallations = APIDoc(summary: "Where the product is installed, by asset tag.", response: .array(.ref("Installation")))
    static let install = APIDoc(
        summary: "Record the product as installed on an asset (by tag); again for the same asset changes the version found there.",
        requestBody: .ref("InstallationBody"), response: .ref("Installation"), successStatus: 201)
    static let uninstall = APIDoc(summary: "Remove an installation record.", successStatus: 204)
    static let listLicences = APIDoc(
        summary: "Every licence (or a product's), with seats assigned and whether it is in force today; never the key.",
        query: [.init(name: "product", schema: .string(format: "uuid"), description: "Only this product's licences.")],
        response: .array(.ref("Licence")))
    static let createLicence = APIDoc(
        summary: "Record a licence; the key, if given, is stored encrypted and never returned here.", requestBody: .ref("LicenceBody"),
        response: .ref("Licence"), successStatus: 201)
    static let getLicence = APIDoc(summary: "One licence; the ETag is its version.", response: .ref("Licence"))
    static let updateLicence = APIDoc(
        summary: "Change a licence (If-Match); `key` absent keeps the stored key, null or empty removes it.",
        requestBody: .ref("LicenceBody"), response: .ref("Licence"), conditional: true)
    static let revealKey = APIDoc(
        summary: "The licence key in clear (null when none is stored); IT roles only, and every reveal is audited.",
        response: .ref("RevealedKey"))
    static let listAssignments = APIDoc(summary: "The licence's assigned seats.", response: .array(.ref("Assignment")))
    static let assign = APIDoc(
        summary:
            "Give a seat to an employee (employeeNumber) or, for a per-device licence, an asset (assetTag); refused when no seat is left.",
        requestBody: .ref("AssignmentBody"), response: .ref("Assignment"), successStatus: 201)
    static let unassign = APIDoc(summary: "Take a seat back.", successStatus: 204)
    static let compliance = APIDoc(
        summary:
            "Per product: licences in force, seats owned, installations, assigned seats, demand, surplus and shortfall, what the surplus costs per year and what the shortfall would cost.",
        response: .array(.ref("Compliance")))

    static let schemas: [String: JSONSchema] = [
        "SoftwareProduct": SoftwareProductDTO.schema, "SoftwareProductBody": SoftwareProductBody.schema,
        "Installation": InstallationDTO.schema, "InstallationBody": InstallationBody.schema, "Licence": LicenceDTO.schema,
        "LicenceBody": LicenceBody.schema, "RevealedKey": SoftwareAPIController.RevealedKey.schema, "Assignment": AssignmentDTO.schema,
        "AssignmentBody": AssignmentBody.schema, "Compliance": ComplianceDTO.schema,
    ]
}
