import Domain
import Fluent
import Foundation
import Vapor

struct VendorDTO: Content {
    let id: UUID
    let name: String
    let accountNumber: String
    let contactName: String
    let contactEmail: String
    let contactPhone: String
    let website: String
    let notes: String
    let version: Int

    init(_ vendor: Vendor) {
        (id, name, accountNumber) = (vendor.id!, vendor.name, vendor.accountNumber)
        (contactName, contactEmail, contactPhone) = (vendor.contactName, vendor.contactEmail, vendor.contactPhone)
        (website, notes, version) = (vendor.website, vendor.notes, vendor.version)
    }

    static let fieldSchemas: [String: JSONSchema] = [
        "name": .string(), "accountNumber": .string(), "contactName": .string(), "contactEmail": .string(format: "email", orEmpty: true),
        "contactPhone": .string(), "website": .string(), "notes": .string(),
    ]
    static let schema = JSONSchema.object(
        properties: fieldSchemas.merging(["id": .string(format: "uuid"), "version": .integer(minimum: 1)]) { $1 },
        required: ["id", "name", "accountNumber", "contactName", "contactEmail", "contactPhone", "website", "notes", "version"])
}

struct VendorBody: APIRequestBody {
    let name: String?
    let accountNumber: String?
    let contactName: String?
    let contactEmail: String?
    let contactPhone: String?
    let website: String?
    let notes: String?

    static let fieldNames = Set(VendorDTO.fieldSchemas.keys)
    func validate() -> [FieldError] { [] }  // ContractService.VendorInput.validate, after merging.

    func merged(over base: Vendor?, present: Set<String>) -> ContractService.VendorInput {
        func pick(_ key: String, _ new: String?, _ old: String?) -> String { (present.contains(key) ? new : old) ?? "" }
        return .init(
            name: pick("name", name, base?.name), accountNumber: pick("accountNumber", accountNumber, base?.accountNumber),
            contactName: pick("contactName", contactName, base?.contactName),
            contactEmail: pick("contactEmail", contactEmail, base?.contactEmail),
            contactPhone: pick("contactPhone", contactPhone, base?.contactPhone), website: pick("website", website, base?.website),
            notes: pick("notes", notes, base?.notes))
    }

    static let schema = JSONSchema.object(properties: VendorDTO.fieldSchemas, required: ["name"])
}

struct ContractDTO: Content {
    struct Decision: Content {
        let decision: String
        let note: String
        let forTermEnding: String
        let decidedAt: Date?
        let decidedBy: String?
    }

    let id: UUID
    let vendorId: UUID
    let title: String
    let kind: ContractKind
    let reference: String
    let startDate: String
    let endDate: String?
    let noticeValue: Int?
    let noticeUnit: String?
    let autoRenews: Bool
    let renewalMonths: Int
    let cost: MoneyDTO?
    let billingPeriod: BillingPeriod
    let costPerYear: MoneyDTO?
    let costCentreId: UUID?
    let notes: String
    let assetTags: [String]
    /// The end of the term running today, and the last day to give notice on it (or, past that, on the next term).
    let currentEnd: String?
    let noticeDeadline: String?
    let decision: Decision?
    let version: Int

    init(_ contract: Contract, today: CalendarDate) {
        (id, vendorId, title, kind, reference) = (contract.id!, contract.vendorID, contract.title, contract.kind, contract.reference)
        (startDate, endDate, noticeValue, noticeUnit) = (
            contract.startDateText, contract.endDateText, contract.noticeValue, contract.noticeUnit
        )
        (autoRenews, renewalMonths, billingPeriod) = (contract.autoRenews, contract.renewalMonths, contract.billingPeriod)
        cost = contract.cost.map(MoneyDTO.init)
        costPerYear = contract.cost.map { MoneyDTO(ContractCost.perYear($0, period: contract.billingPeriod)) }
        (costCentreId, notes, assetTags) = (contract.costCentreID, contract.notes, contract.assetTags)
        currentEnd = contract.term?.currentEnd(on: today)?.description
        noticeDeadline = contract.term?.noticeDeadline(on: today)?.description
        decision = contract.decision.map {
            Decision(
                decision: $0, note: contract.decisionNote ?? "", forTermEnding: contract.decisionForEnd ?? "",
                decidedAt: contract.decidedAt,
                decidedBy: contract.decidedBy)
        }
        version = contract.version
    }

    static let fieldSchemas: [String: JSONSchema] = [
        "vendorId": .string(format: "uuid"), "title": .string(), "kind": .string(enumeration: ContractKind.allCases.map(\.rawValue)),
        "reference": .string(), "startDate": .string(format: "date"), "endDate": .nullable(.string(format: "date")),
        "noticeValue": .nullable(.integer(minimum: 0)),
        "noticeUnit": .nullable(.string(enumeration: NoticePeriod.Unit.allCases.map(\.rawValue))),
        "autoRenews": .boolean, "renewalMonths": .integer(minimum: 1, maximum: 120), "cost": .nullable(.ref("Money")),
        "billingPeriod": .string(enumeration: BillingPeriod.allCases.map(\.rawValue)), "costCentreId": .nullable(.string(format: "uuid")),
        "notes": .string(), "assetTags": .array(.string()),
    ]
    static let schema = JSONSchema.object(
        properties: fieldSchemas.merging(
            [
                "id": .string(format: "uuid"), "costPerYear": .nullable(.ref("Money")), "currentEnd": .nullable(.string(format: "date")),
                "noticeDeadline": .nullable(.string(format: "date")),
                "decision": .nullable(
                    .object(
                        properties: [
                            "decision": .string(enumeration: ContractDecision.allCases.map(\.rawValue)), "note": .string(),
                            "forTermEnding": .string(format: "date"), "decidedAt": .string(format: "date-time"), "decidedBy": .string(),
                        ], required: ["decision", "note", "forTermEnding"])), "version": .integer(minimum: 1),
            ]
        ) { $1 },
        required: ["id", "vendorId", "title", "kind", "startDate", "autoRenews", "renewalMonths", "billingPeriod", "assetTags", "version"])
}

struct ContractBody: APIRequestBody {
    let vendorId: UUID?
    let title: String?
    let kind: String?
    let reference: String?
    let startDate: String?
    let endDate: String?
    let noticeValue: Int?
    let noticeUnit: String?
    let autoRenews: Bool?
    let renewalMonths: Int?
    let cost: MoneyDTO?
    let billingPeriod: String?
    let costCentreId: UUID?
    let notes: String?
    let assetTags: [String]?

    static let fieldNames = Set(ContractDTO.fieldSchemas.keys)
    func validate() -> [FieldError] { [] }  // ContractService.ContractInput.validate, after merging.

    func merged(over base: Contract?, present: Set<String>) throws -> ContractService.ContractInput {
        func pick<T>(_ key: String, _ new: T?, _ old: T?) -> T? { present.contains(key) ? new : old }
        return .init(
            vendorID: pick("vendorId", vendorId, base?.vendorID), title: pick("title", title, base?.title) ?? "",
            kind: pick("kind", kind, base?.kindRaw) ?? "", reference: pick("reference", reference, base?.reference) ?? "",
            startDate: pick("startDate", startDate, base?.startDateText) ?? "", endDate: pick("endDate", endDate, base?.endDateText),
            noticeValue: pick("noticeValue", noticeValue, base?.noticeValue), noticeUnit: pick("noticeUnit", noticeUnit, base?.noticeUnit),
            autoRenews: pick("autoRenews", autoRenews, base?.autoRenews) ?? false,
            renewalMonths: pick("renewalMonths", renewalMonths, base?.renewalMonths) ?? 12,
            cost: present.contains("cost") ? try cost?.money(field: "cost") : base?.cost,
            billingPeriod: pick("billingPeriod", billingPeriod, base?.billingPeriodRaw) ?? BillingPeriod.yearly.rawValue,
            costCentreID: pick("costCentreId", costCentreId, base?.costCentreID), notes: pick("notes", notes, base?.notes) ?? "",
            assetTags: pick("assetTags", assetTags, base?.assetTags) ?? [])
    }

    static let schema = JSONSchema.object(properties: ContractDTO.fieldSchemas, required: ["vendorId", "title", "kind", "startDate"])
}

struct DecisionBody: APIRequestBody {
    let decision: String
    let note: String?

    static let fieldNames: Set<String> = ["decision", "note"]
    func validate() -> [FieldError] { [] }  // ContractService.decide.

    static let schema = JSONSchema.object(
        properties: ["decision": .string(enumeration: ContractDecision.allCases.map(\.rawValue)), "note": .string()], required: ["decision"]
    )
}

struct DeadlineDTO: Content {
    let date: String
    let kind: String
    let subject: String
    let subjectId: UUID
    let termEnd: String?
    let decision: String?
    let daysLeft: Int

    init(_ deadline: ContractService.Deadline) {
        (date, kind, subject, subjectId) = (deadline.date.description, deadline.kind.rawValue, deadline.subject, deadline.subjectID)
        (termEnd, decision, daysLeft) = (deadline.termEnd?.description, deadline.decision?.rawValue, deadline.daysLeft)
    }

    static let schema = JSONSchema.object(
        properties: [
            "date": .string(format: "date"), "kind": .string(enumeration: ContractService.Deadline.Kind.allCases.map(\.rawValue)),
            "subject": .string(), "subjectId": .string(format: "uuid"), "termEnd": .nullable(.string(format: "date")),
            "decision": .nullable(.string(enumeration: ContractDecision.allCases.map(\.rawValue))), "daysLeft": .integer(),
        ], required: ["date", "kind", "subject", "subjectId", "daysLeft"])
}

/// Vendors, contracts and deadlines in the JSON API.
struct ContractAPIController: Sendable {
    private func service(_ req: Request) -> ContractService { ContractService(app: req.application, actor: req.auditActor) }

    func listVendors(_ req: Request) async throws -> Response {
        try .json(try await Vendor.query(on: req.db).sort(\.$nameKey).all().map(VendorDTO.init))
    }

    func createVendor(_ req: Request) async throws -> Response {
        let (body, present) = try req.decodeStrictWithKeys(VendorBody.self)
        let vendor = try await service(req).createVendor(body.merged(over: nil, present: present))
        let response = try Response.json(VendorDTO(vendor), status: .created, version: vendor.version)
        response.headers.replaceOrAdd(name: .location, value: Paths.apiVendor.path(vendor.id!))
        return response
    }

    func getVendor(_ req: Request) async throws -> Response {
        guard let vendor = try await Vendor.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        return try .json(VendorDTO(vendor), version: vendor.version)
    }

    func updateVendor(_ req: Request) async throws -> Response {
        let (id, version) = (try req.requireID(), try req.requiredIfMatchVersion())
        let (body, present) = try req.decodeStrictWithKeys(VendorBody.self)
        guard let current = try await Vendor.find(id, on: req.db) else { throw AppError.notFound }
        let vendor = try await service(req).updateVendor(id, expectedVersion: version, body.merged(over: current, present: present))
        return try .json(VendorDTO(vendor), version: vendor.version)
    }

    func listContracts(_ req: Request) async throws -> Response {
        let today = try await req.application.organisationToday()
        var contracts = try await Contract.query(on: req.db).all()
        try await ContractService.loadAssetTags(contracts, on: req.db)
        contracts.sort {
            ($0.term?.noticeDeadline(on: today) ?? .distantFuture, $0.title) < (
                $1.term?.noticeDeadline(on: today) ?? .distantFuture, $1.title
            )
        }
        return try .json(contracts.map { ContractDTO($0, today: today) })
    }

    func createContract(_ req: Request) async throws -> Response {
        let (body, present) = try req.decodeStrictWithKeys(ContractBody.self)
        let contract = try await service(req).createContract(try body.merged(over: nil, present: present))
        let response = try Response.json(
            ContractDTO(contract, today: try await req.application.organisationToday()), status: .created, version: contract.version)
        response.headers.replaceOrAdd(name: .location, value: Paths.apiContract.path(contract.id!))
        return response
    }

    func getContract(_ req: Request) async throws -> Response {
        let contract = try await contractRecord(req)
        return try .json(ContractDTO(contract, today: try await req.application.organisationToday()), version: contract.version)
    }

    func updateContract(_ req: Request) async throws -> Response {
        let (id, version) = (try req.requireID(), try req.requiredIfMatchVersion())
        let (body, present) = try req.decodeStrictWithKeys(ContractBody.self)
        let current = try await contractRecord(req)
        let contract = try await service(req).updateContract(id, expectedVersion: version, try body.merged(over: current, present: present))
        return try .json(ContractDTO(contract, today: try await req.application.organisationToday()), version: contract.version)
    }

    func decide(_ req: Request) async throws -> Response {
        let (id, version) = (try req.requireID(), try req.requiredIfMatchVersion())
        let body = try req.decodeStrict(DecisionBody.self)
        let contract = try await service(req).decide(id, expectedVersion: version, decision: body.decision, note: body.note ?? "")
        return try .json(ContractDTO(contract, today: try await req.application.organisationToday()), version: contract.version)
    }

    func deadlines(_ req: Request) async throws -> Response {
        let days = try DeadlinePages.days(req)
        let today = try await req.application.organisationToday()
        return try .json(try await ContractService.deadlines(on: req.db, today: today, days: days).map(DeadlineDTO.init))
    }

    private func contractRecord(_ req: Request) async throws -> Contract {
        guard let contract = try await Contract.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        try await ContractService.loadAssetTags(contract, on: req.db)
        return contract
    }
}

enum ContractAPIDocs {
    static let listVendors = APIDoc(summary: "Every vendor, by name.", response: .array(.ref("Vendor")))
    static let createVendor = APIDoc(
        summary: "Record a vendor; names are unique without regard to case.", requestBody: .ref("VendorBody"), response: .ref("Vendor"),
        successStatus: 201)
    static let getVendor = APIDoc(summary: "One vendor; the ETag is its version.", response: .ref("Vendor"))
    static let updateVendor = APIDoc(
        summary: "Change a vendor (If-Match: its version).", requestBody: .ref("VendorBody"), response: .ref("Vendor"), conditional: true)
    static let listContracts = APIDoc(
        summary: "Every contract with its current term end and notice deadline, soonest deadline first.", response: .array(.ref("Contract"))
    )
    static let createContract = APIDoc(
        summary: "Record a contract; assetTags link the assets it covers.", requestBody: .ref("ContractBody"), response: .ref("Contract"),
        successStatus: 201)
    static let getContract = APIDoc(summary: "One contract; the ETag is its version.", response: .ref("Contract"))
    static let updateContract = APIDoc(
        summary: "Change a contract (If-Match: its version); fields left out keep their values.", requestBody: .ref("ContractBody"),
        response: .ref("Contract"), conditional: true)
    static let decide = APIDoc(
        summary: "Record the decision (renew, renegotiate, cancel) for the contract's coming term end, with a note (If-Match).",
        requestBody: .ref("Decision"), response: .ref("Contract"), conditional: true)
    static let deadlines = APIDoc(
        summary:
            "Notice deadlines of auto-renewing contracts, ends of contracts that do not renew, warranty ends of assets in use, and licence renewals, from 30 days ago to `days` ahead (default 90), soonest first.",
        query: [.init(name: "days", schema: .integer(minimum: 1, maximum: 730), description: "How far ahead, in days (default 90).")],
        response: .array(.ref("Deadline")))

    static let schemas: [String: JSONSchema] = [
        "Vendor": VendorDTO.schema, "VendorBody": VendorBody.schema, "Contract": ContractDTO.schema, "ContractBody": ContractBody.schema,
        "Decision": DecisionBody.schema, "Deadline": DeadlineDTO.schema,
    ]
}

extension CalendarDate {
    /// Later than any date a contract holds: sorts contracts without a deadline last.
    static let distantFuture = CalendarDate(year: 9999, month: 12, day: 31)!
}
