import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// A licence as typed, and its checks.
extension SoftwareService {
    struct LicenceInput: Sendable {
        var productID: UUID?
        var vendorID: UUID?
        var name: String
        /// A `LicenceKind` raw value.
        var kind: String
        var seats: Int?
        var siteID: UUID?
        var cost: Money?
        /// A `LicenceBilling` raw value.
        var billing = LicenceBilling.yearly.rawValue
        var startDate: String
        var renewalDate: String?
        var autoRenews = false
        var renewalMonths = 12
        var orderNumber = ""
        var costCentreID: UUID?
        var notes = ""
        /// The licence key: nil keeps the stored one, empty removes it.
        var key: String?

        func validate() -> [FieldError] {
            var errors = [Validate.required(name, field: "name")].compactMap { $0 }
            if productID == nil { errors.append(FieldError(field: "productId", code: .required)) }
            let kind = LicenceKind(rawValue: kind)
            if kind == nil { errors.append(FieldError(field: "kind", code: .invalid)) }
            if LicenceBilling(rawValue: billing) == nil { errors.append(FieldError(field: "billing", code: .invalid)) }
            if let kind, kind.hasSeats {
                if let seats, !(1...1_000_000).contains(seats) {
                    errors.append(FieldError(field: "seats", code: .outOfRange))
                } else if seats == nil {
                    errors.append(FieldError(field: "seats", code: .required))
                }
            }
            if kind == .site, siteID == nil { errors.append(FieldError(field: "siteId", code: .required)) }
            if let cost, cost.minorUnits < 0 { errors.append(FieldError(field: "cost", code: .outOfRange)) }
            let start = CalendarDate(startDate)
            if start == nil { errors.append(FieldError(field: "startDate", code: startDate.isEmpty ? .required : .dateInvalid)) }
            let end = renewalDate?.nilIfEmpty.map { CalendarDate($0) }
            if case .some(.none) = end { errors.append(FieldError(field: "renewalDate", code: .dateInvalid)) }
            if let start, let end = end ?? nil, end < start { errors.append(FieldError(field: "renewalDate", code: .endBeforeStart)) }
            if autoRenews, end == nil { errors.append(FieldError(field: "renewalDate", code: .required)) }
            if autoRenews, !(1...120).contains(renewalMonths) { errors.append(FieldError(field: "renewalMonths", code: .outOfRange)) }
            if orderNumber.count > 100 { errors.append(FieldError(field: "orderNumber", code: .tooLong)) }
            if notes.count > 5000 { errors.append(FieldError(field: "notes", code: .tooLong)) }
            if let key, key.count > 4000 { errors.append(FieldError(field: "key", code: .tooLong)) }
            return errors
        }

        func apply(to licence: Licence, box: SecretBox) throws {
            let kind = LicenceKind(rawValue: kind)!
            licence.productID = productID!
            licence.vendorID = vendorID
            licence.name = name.trimmingCharacters(in: .whitespaces)
            licence.kindRaw = kind.rawValue
            licence.seats = kind.hasSeats ? seats : nil
            licence.siteID = kind == .site ? siteID : nil
            licence.costMinor = cost?.minorUnits
            licence.costCurrency = cost?.currency.code
            licence.billingRaw = billing
            licence.startDateText = startDate
            licence.renewalDateText = renewalDate?.nilIfEmpty
            licence.autoRenews = autoRenews
            licence.renewalMonths = renewalMonths
            licence.orderNumber = orderNumber.trimmingCharacters(in: .whitespaces)
            licence.costCentreID = costCentreID
            licence.notes = notes.trimmingCharacters(in: .whitespacesAndNewlines)
            if let key {
                let trimmed = key.trimmingCharacters(in: .whitespacesAndNewlines)
                licence.keySealed = trimmed.isEmpty ? nil : try box.seal(trimmed, boundTo: licence.id!.uuidString)
            }
        }

        func checkReferences(on db: any Database) async throws {
            var errors: [FieldError] = []
            if let productID, try await SoftwareProduct.find(productID, on: db) == nil {
                errors.append(FieldError(field: "productId", code: .notFound))
            }
            if let vendorID, try await Vendor.find(vendorID, on: db) == nil {
                errors.append(FieldError(field: "vendorId", code: .notFound))
            }
            if LicenceKind(rawValue: kind) == .site, let siteID, try await Site.find(siteID, on: db) == nil {
                errors.append(FieldError(field: "siteId", code: .notFound))
            }
            if let costCentreID, try await CostCentre.find(costCentreID, on: db) == nil {
                errors.append(FieldError(field: "costCentreId", code: .notFound))
            }
            try InputCheck.check(errors)
        }
    }
}
