import Domain
import Foundation
import Vapor

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
