import Domain
import Fluent
import Foundation
import Vapor

/// VLANs and telephone numbers: recorded through here, checked, audited.
struct NumberingService: Sendable {
    let app: Application
    let actor: AuditActor

    struct VLANInput: Sendable {
        var siteID: UUID?
        var vid: Int?
        var name: String
        var description = ""

        func validate() -> [FieldError] {
            var errors = [Validate.required(name, field: "name", maxLength: 64)].compactMap { $0 }
            if siteID == nil { errors.append(FieldError(field: "siteId", code: .required)) }
            if let vid, !Telephony.vlanIDs.contains(vid) { errors.append(FieldError(field: "vid", code: .outOfRange)) }
            if vid == nil { errors.append(FieldError(field: "vid", code: .required)) }
            if description.count > 500 { errors.append(FieldError(field: "description", code: .tooLong)) }
            return errors
        }
    }

    func createVLAN(_ input: VLANInput) async throws -> VLAN {
        try InputCheck.check(input.validate())
        let vlan = VLAN()
        (vlan.siteID, vlan.vid) = (input.siteID!, input.vid!)
        vlan.name = input.name.trimmingCharacters(in: .whitespaces)
        vlan.description = input.description.trimmingCharacters(in: .whitespaces)
        vlan.createdAt = app.services.clock.now()
        return try await app.createAudited(vlan, actor: actor) { db in
            try await InputCheck.exists(Site.self, input.siteID, field: "siteId", on: db)
            try await InputCheck.unique(VLAN.query(on: db).filter(\.$siteID == vlan.siteID).filter(\.$vid == vlan.vid), field: "vid")
        }
    }

    struct NumberInput: Sendable {
        var number: String
        var phoneExtension: String?
        /// The holder: an employee by number, or a device by asset tag (or neither, for a spare number).
        var employeeNumber: String?
        var assetTag: String?
        var siteID: UUID?
        var description = ""

        func validate() -> [FieldError] {
            var errors: [FieldError] = []
            if number.trimmingCharacters(in: .whitespaces).isEmpty {
                errors.append(FieldError(field: "number", code: .required))
            } else if PhoneNumber(number) == nil {
                errors.append(FieldError(field: "number", code: .phoneInvalid))
            }
            if let ext = phoneExtension?.nilIfEmpty, !Telephony.isExtension(ext) {
                errors.append(FieldError(field: "extension", code: .invalid))
            }
            if employeeNumber?.nilIfEmpty != nil, assetTag?.nilIfEmpty != nil {
                errors.append(FieldError(field: "assetTag", code: .invalid))
            }
            if description.count > 500 { errors.append(FieldError(field: "description", code: .tooLong)) }
            return errors
        }
    }

    func createNumber(_ input: NumberInput) async throws -> TelephoneNumber {
        try InputCheck.check(input.validate())
        let record = TelephoneNumber()
        record.number = PhoneNumber(input.number)!.e164
        record.phoneExtension = input.phoneExtension?.nilIfEmpty
        record.siteID = input.siteID
        record.description = input.description.trimmingCharacters(in: .whitespaces)
        record.createdAt = app.services.clock.now()
        return try await app.createAudited(record, actor: actor) { db in
            record.employeeID = try await Employee.byNumber(input.employeeNumber ?? "", field: "employeeNumber", on: db)?.id
            if let tag = input.assetTag?.trimmingCharacters(in: .whitespaces).uppercased().nilIfEmpty {
                guard let asset = try await Asset.query(on: db).filter(\.$tagKey == tag).first() else {
                    throw ValidationFailure([FieldError(field: "assetTag", code: .notFound)])
                }
                record.assetID = asset.id
            }
            try await InputCheck.exists(Site.self, input.siteID, field: "siteId", on: db)
            try await InputCheck.unique(TelephoneNumber.query(on: db).filter(\.$number == record.number), field: "number")
            if let ext = record.phoneExtension {
                try await InputCheck.unique(TelephoneNumber.query(on: db).filter(\.$phoneExtension == ext), field: "extension")
            }
        }
    }
}
