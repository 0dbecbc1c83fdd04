import Domain
import Fluent
import Foundation
import SQLKit

/// An agreement with a vendor: support, maintenance, lease, SaaS, telecom. Its terms decide when notice is due.
final class Contract: Model, @unchecked Sendable {
    static let schema = "contracts"

    @ID(key: .id) var id: UUID?
    @Field(key: "vendor_id") var vendorID: UUID
    @Field(key: "title") var title: String
    @Field(key: "kind") var kindRaw: String
    @Field(key: "reference") var reference: String
    @Field(key: "start_date") var startDateText: String
    @OptionalField(key: "end_date") var endDateText: String?
    @OptionalField(key: "notice_value") var noticeValue: Int?
    @OptionalField(key: "notice_unit") var noticeUnit: String?
    @Field(key: "auto_renews") var autoRenews: Bool
    @Field(key: "renewal_months") var renewalMonths: Int
    @OptionalField(key: "cost_minor") var costMinor: Int64?
    @OptionalField(key: "cost_currency") var costCurrency: String?
    @Field(key: "billing_period") var billingPeriodRaw: String
    @OptionalField(key: "cost_centre_id") var costCentreID: UUID?
    @Field(key: "notes") var notes: String
    /// The decision taken for the term ending on `decision_for_end`: renew, renegotiate or cancel.
    @OptionalField(key: "decision") var decision: String?
    @OptionalField(key: "decision_note") var decisionNote: String?
    @OptionalField(key: "decision_for_end") var decisionForEnd: String?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @OptionalField(key: "decided_by") var decidedBy: String?
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    /// The tags of the linked assets, sorted, when loaded (`ContractService.loadAssetTags`): part of the audit snapshot.
    var assetTags: [String] = []

    init() {}

    var kind: ContractKind { ContractKind(rawValue: kindRaw) ?? .other }
    var billingPeriod: BillingPeriod { BillingPeriod(rawValue: billingPeriodRaw) ?? .yearly }
    var cost: Money? { Money(minorUnits: costMinor, currencyCode: costCurrency) }
    var notice: NoticePeriod? {
        guard let value = noticeValue, let unit = noticeUnit.flatMap(NoticePeriod.Unit.init(rawValue:)) else { return nil }
        return NoticePeriod(value: value, unit: unit)
    }
    var term: ContractTerm? {
        CalendarDate(startDateText).map {
            ContractTerm(
                start: $0, end: endDateText.flatMap(CalendarDate.init), notice: notice, autoRenews: autoRenews, renewalMonths: renewalMonths
            )
        }
    }

    var auditFields: [String: String] {
        [
            "vendor": vendorID.uuidString, "title": title, "kind": kindRaw, "reference": reference, "start_date": startDateText,
            "end_date": endDateText ?? "", "notice": notice.map { "\($0.value) \($0.unit.rawValue)" } ?? "",
            "auto_renews": String(autoRenews),
            "renewal_months": String(renewalMonths), "cost": cost?.description ?? "", "billing_period": billingPeriodRaw,
            "cost_centre": costCentreID?.uuidString ?? "", "notes": notes, "decision": decision ?? "", "decision_note": decisionNote ?? "",
            "decision_for_end": decisionForEnd ?? "", "assets": assetTags.joined(separator: ", "),
        ]
    }
}

extension Contract: VersionedRecord {
    static let auditEntityType = "contract"
    var auditLabel: String { title }
    static func auditPath(_ id: UUID) -> String? { Paths.contract.path(id) }
}

/// What the IT manager decided about a contract's coming term end.
enum ContractDecision: String, CaseIterable, Codable, Sendable {
    case renew, renegotiate, cancel

    var labelKey: String { "contract.decision.\(rawValue)" }
}
