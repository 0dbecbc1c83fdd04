import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Vendors: recording and changing them.
extension ContractService {
    // MARK: Vendors

    struct VendorInput: Sendable {
        var name: String
        var accountNumber = ""
        var contactName = ""
        var contactEmail = ""
        var contactPhone = ""
        var website = ""
        var notes = ""

        func validate() -> [FieldError] {
            var errors = [Validate.required(name, field: "name")].compactMap { $0 }
            let email = contactEmail.trimmingCharacters(in: .whitespaces)
            if !email.isEmpty, let error = Validate.email(email, field: "contactEmail") { errors.append(error) }
            if !website.trimmingCharacters(in: .whitespaces).isEmpty, let error = Validate.webAddress(website, field: "website") {
                errors.append(error)
            }
            for (field, value, limit) in [
                ("accountNumber", accountNumber, 100), ("contactName", contactName, 200), ("contactPhone", contactPhone, 40),
                ("website", website, 300), ("notes", notes, 5000),
            ] where value.count > limit {
                errors.append(FieldError(field: field, code: .tooLong))
            }
            return errors
        }

        func apply(to vendor: Vendor) {
            vendor.name = name.trimmingCharacters(in: .whitespaces)
            vendor.nameKey = vendor.name.lowercased()
            vendor.accountNumber = accountNumber.trimmingCharacters(in: .whitespaces)
            vendor.contactName = contactName.trimmingCharacters(in: .whitespaces)
            vendor.contactEmail = contactEmail.normalisedEmail
            vendor.contactPhone = contactPhone.trimmingCharacters(in: .whitespaces)
            vendor.website = website.trimmingCharacters(in: .whitespaces)
            vendor.notes = notes.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    func createVendor(_ input: VendorInput) async throws -> Vendor {
        try InputCheck.check(input.validate())
        let vendor = Vendor()
        input.apply(to: vendor)
        vendor.createdAt = app.services.clock.now()
        return try await app.createAudited(vendor, actor: actor) { db in
            try await InputCheck.unique(Vendor.query(on: db).filter(\.$nameKey == vendor.nameKey), field: "name")
        }
    }

    func updateVendor(_ id: UUID, expectedVersion: Int?, _ input: VendorInput) async throws -> Vendor {
        try InputCheck.check(input.validate())
        return try await app.updateAudited(Vendor.self, id: id, expectedVersion: expectedVersion, actor: actor) { vendor, db in
            input.apply(to: vendor)
            try await InputCheck.unique(
                Vendor.query(on: db).filter(\.$nameKey == vendor.nameKey).filter(\.$id != id), field: "name")
        }
    }
}
