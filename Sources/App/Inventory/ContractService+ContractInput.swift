import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// A contract as typed, and its checks.
extension ContractService {
    struct ContractInput: Sendable {
        var vendorID: UUID?
        var title: String
        /// A `ContractKind` raw value.
        var kind: String
        var reference = ""
        var startDate: String
        var endDate: String?
        var noticeValue: Int?
        /// A `NoticePeriod.Unit` raw value; required with a notice value.
        var noticeUnit: String?
        var autoRenews = false
        var renewalMonths = 12
        var cost: Money?
        /// A `BillingPeriod` raw value.
        var billingPeriod = BillingPeriod.yearly.rawValue
        var costCentreID: UUID?
        var notes = ""
        /// The covered assets, by tag (without regard to case).
        var assetTags: [String] = []

        /// Every failing field, the terms' rules included; the terms when they hold.
        func validate() -> [FieldError] {
            var errors = [Validate.required(title, field: "title")].compactMap { $0 }
            if vendorID == nil { errors.append(FieldError(field: "vendorId", code: .required)) }
            if ContractKind(rawValue: kind) == nil { errors.append(FieldError(field: "kind", code: .invalid)) }
            if BillingPeriod(rawValue: billingPeriod) == nil { errors.append(FieldError(field: "billingPeriod", code: .invalid)) }
            let start = CalendarDate(startDate)
            if start == nil { errors.append(FieldError(field: "startDate", code: startDate.isEmpty ? .required : .dateInvalid)) }
            let end = endDate?.nilIfEmpty.map { CalendarDate($0) }
            if case .some(.none) = end { errors.append(FieldError(field: "endDate", code: .dateInvalid)) }
            let unit = noticeUnit?.nilIfEmpty.map { NoticePeriod.Unit(rawValue: $0) }
            if case .some(.none) = unit { errors.append(FieldError(field: "noticeUnit", code: .invalid)) }
            if noticeValue != nil, unit == nil { errors.append(FieldError(field: "noticeUnit", code: .required)) }
            if let cost, cost.minorUnits < 0 { errors.append(FieldError(field: "cost", code: .outOfRange)) }
            if reference.count > 100 { errors.append(FieldError(field: "reference", code: .tooLong)) }
            if notes.count > 5000 { errors.append(FieldError(field: "notes", code: .tooLong)) }
            // The terms' own rules, once the dates they relate are readable.
            let endReadable = end.map { $0 != nil } ?? true
            if let start, endReadable {
                let notice = noticeValue.flatMap { value in (unit ?? nil).map { NoticePeriod(value: value, unit: $0) } }
                errors += ContractTerm(start: start, end: end ?? nil, notice: notice, autoRenews: autoRenews, renewalMonths: renewalMonths)
                    .problems()
            }
            return errors
        }

        func apply(to contract: Contract) {
            contract.vendorID = vendorID!
            contract.title = title.trimmingCharacters(in: .whitespaces)
            contract.kindRaw = kind
            contract.reference = reference.trimmingCharacters(in: .whitespaces)
            contract.startDateText = startDate
            contract.endDateText = endDate?.nilIfEmpty
            contract.noticeValue = noticeValue
            contract.noticeUnit = noticeValue == nil ? nil : noticeUnit?.nilIfEmpty
            contract.autoRenews = autoRenews
            contract.renewalMonths = renewalMonths
            contract.costMinor = cost?.minorUnits
            contract.costCurrency = cost?.currency.code
            contract.billingPeriodRaw = billingPeriod
            contract.costCentreID = costCentreID
            contract.notes = notes.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// Checks the references inside the writing transaction; the covered assets' ids and tags.
        func checkReferences(on db: any Database) async throws -> [(id: UUID, tag: String)] {
            var errors: [FieldError] = []
            if let vendorID, try await Vendor.find(vendorID, on: db) == nil {
                errors.append(FieldError(field: "vendorId", code: .notFound))
            }
            if let costCentreID, try await CostCentre.find(costCentreID, on: db) == nil {
                errors.append(FieldError(field: "costCentreId", code: .notFound))
            }
            let keys = Set(assetTags.map { $0.trimmingCharacters(in: .whitespaces).uppercased() }.filter { !$0.isEmpty })
            let assets = keys.isEmpty ? [] : try await Asset.query(on: db).filter(\.$tagKey ~~ Array(keys)).all()
            if assets.count != keys.count {
                let unknown = keys.subtracting(assets.map(\.tagKey)).sorted()
                errors.append(FieldError(field: "assetTags", code: .notFound, value: unknown.joined(separator: ", ")))
            }
            try InputCheck.check(errors)
            return assets.map { ($0.id!, $0.tag) }.sorted { $0.tag < $1.tag }
        }
    }
}
