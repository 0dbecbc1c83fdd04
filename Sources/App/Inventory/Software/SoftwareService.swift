import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Software products, their installations on assets, licences with their sealed keys and assigned seats. Every change
/// is audited; revealing a key is audited too. The counting rules are `Domain.LicencePosition`.
struct SoftwareService: Sendable {
    let app: Application
    let actor: AuditActor

    // MARK: Products

    struct ProductInput: Sendable {
        var publisher = ""
        var name: String
        /// A `SoftwareCategory` raw value.
        var category = SoftwareCategory.other.rawValue
        var notes = ""

        func validate() -> [FieldError] {
            var errors = [Validate.required(name, field: "name")].compactMap { $0 }
            if publisher.count > 200 { errors.append(FieldError(field: "publisher", code: .tooLong)) }
            if SoftwareCategory(rawValue: category) == nil { errors.append(FieldError(field: "category", code: .invalid)) }
            if notes.count > 5000 { errors.append(FieldError(field: "notes", code: .tooLong)) }
            return errors
        }

        func apply(to product: SoftwareProduct) {
            product.publisher = publisher.trimmingCharacters(in: .whitespaces)
            product.name = name.trimmingCharacters(in: .whitespaces)
            product.nameKey = SoftwareProduct.key(publisher: product.publisher, name: product.name)
            product.categoryRaw = category
            product.notes = notes.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    func createProduct(_ input: ProductInput) async throws -> SoftwareProduct {
        try InputCheck.check(input.validate())
        let product = SoftwareProduct()
        input.apply(to: product)
        product.createdAt = app.services.clock.now()
        return try await app.createAudited(product, actor: actor) { db in
            try await InputCheck.unique(SoftwareProduct.query(on: db).filter(\.$nameKey == product.nameKey), field: "name")
        }
    }

    func updateProduct(_ id: UUID, expectedVersion: Int?, _ input: ProductInput) async throws -> SoftwareProduct {
        try InputCheck.check(input.validate())
        return try await app.updateAudited(SoftwareProduct.self, id: id, expectedVersion: expectedVersion, actor: actor) { product, db in
            input.apply(to: product)
            try await InputCheck.unique(
                SoftwareProduct.query(on: db).filter(\.$nameKey == product.nameKey).filter(\.$id != id), field: "name")
        }
    }

    // MARK: Installations

    /// Records that the product is installed on the asset with that tag (or changes the version found there).
    func install(product productID: UUID, assetTag: String, productVersion: String, installedOn: String? = nil, source: String = "manual")
        async throws -> SoftwareInstall
    {
        var errors: [FieldError] = []
        if assetTag.trimmingCharacters(in: .whitespaces).isEmpty { errors.append(FieldError(field: "assetTag", code: .required)) }
        if productVersion.count > 100 { errors.append(FieldError(field: "productVersion", code: .tooLong)) }
        let date = installedOn?.nilIfEmpty
        if let date, CalendarDate(date) == nil { errors.append(FieldError(field: "installedOn", code: .dateInvalid)) }
        try InputCheck.check(errors)
        let (now, actor) = (app.services.clock.now(), actor)
        return try await app.write { db in
            guard try await SoftwareProduct.find(productID, on: db) != nil else { throw AppError.notFound }
            let key = assetTag.trimmingCharacters(in: .whitespaces).uppercased()
            guard let asset = try await Asset.query(on: db).filter(\.$tagKey == key).first() else {
                throw ValidationFailure([FieldError(field: "assetTag", code: .notFound)])
            }
            let existing = try await SoftwareInstall.query(on: db).filter(\.$productID == productID).filter(\.$assetID == asset.id!).first()
            let install = existing ?? SoftwareInstall()
            let before = existing.map { ["version": $0.productVersion, "installed_on": $0.installedOnText ?? ""] }
            install.productID = productID
            install.assetID = asset.id!
            install.productVersion = productVersion.trimmingCharacters(in: .whitespaces)
            install.installedOnText = date
            install.source = source
            if existing == nil { install.createdAt = now }
            let after = ["asset": asset.tag, "version": install.productVersion, "installed_on": install.installedOnText ?? ""]
            var changes = AuditLog.diff(before: before.map { $0.merging(["asset": asset.tag]) { $1 } }, after: after)
            guard !changes.isEmpty else { return install }
            // A changed version still names the asset it was found on.
            changes["asset"] = changes["asset"] ?? AuditChange(before: asset.tag, after: asset.tag)
            try await install.save(on: db)
            try await AuditLog.append(
                on: db, actor: actor, action: existing == nil ? "software_product.install" : "software_product.install_update",
                entityType: SoftwareProduct.auditEntityType, entityID: productID.uuidString, changes: changes, at: now)
            return install
        }
    }

    /// Removes an installation record (the product was uninstalled, or the asset left).
    func uninstall(_ id: UUID) async throws {
        let (now, actor) = (app.services.clock.now(), actor)
        try await app.write { db in
            guard let install = try await SoftwareInstall.find(id, on: db) else { throw AppError.notFound }
            let tag = try await Asset.find(install.assetID, on: db)?.tag ?? install.assetID.uuidString
            try await install.delete(on: db)
            try await AuditLog.append(
                on: db, actor: actor, action: "software_product.uninstall", entityType: SoftwareProduct.auditEntityType,
                entityID: install.productID.uuidString,
                changes: [
                    "asset": AuditChange(before: tag, after: nil), "version": AuditChange(before: install.productVersion, after: nil),
                ],
                at: now)
        }
    }

    // MARK: Licences

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

    func createLicence(_ input: LicenceInput) async throws -> Licence {
        try InputCheck.check(input.validate())
        let licence = Licence()
        licence.id = UUID()  // sealing the key binds it to the id
        try input.apply(to: licence, box: app.services.secretBox)
        licence.createdAt = app.services.clock.now()
        return try await app.createAudited(licence, actor: actor) { db in try await input.checkReferences(on: db) }
    }

    func updateLicence(_ id: UUID, expectedVersion: Int?, _ input: LicenceInput) async throws -> Licence {
        try InputCheck.check(input.validate())
        let box = app.services.secretBox
        return try await app.updateAudited(Licence.self, id: id, expectedVersion: expectedVersion, actor: actor) { licence, db in
            try await input.checkReferences(on: db)
            let assigned = try await LicenceAssignment.query(on: db).filter(\.$licenceID == id).count()
            if let seats = input.seats, LicenceKind(rawValue: input.kind)?.hasSeats == true, seats < assigned {
                throw ValidationFailure([FieldError(field: "seats", code: .belowAssigned)])
            }
            if LicenceKind(rawValue: input.kind) != licence.kind, assigned > 0 {
                throw ValidationFailure([FieldError(field: "kind", code: .inUse)])
            }
            let before = licence.keySealed
            try input.apply(to: licence, box: box)
            // A re-entered identical key is no change; a new seal of it would show as one.
            if let before, let after = licence.keySealed, input.key != nil,
                (try? box.open(before, boundTo: id.uuidString)) == (try? box.open(after, boundTo: id.uuidString))
            {
                licence.keySealed = before
            }
        }
    }

    /// The licence key in clear, for someone allowed to see it; the reveal itself is audited.
    func revealKey(_ id: UUID) async throws -> String? {
        let (now, actor, box) = (app.services.clock.now(), actor, app.services.secretBox)
        return try await app.write { db in
            guard let licence = try await Licence.find(id, on: db) else { throw AppError.notFound }
            guard let sealed = licence.keySealed else { return nil }
            let key = try box.open(sealed, boundTo: id.uuidString)
            try await AuditLog.append(
                on: db, actor: actor, action: "licence.reveal_key", entityType: Licence.auditEntityType, entityID: id.uuidString, at: now)
            return key
        }
    }

    // MARK: Assignments

    /// Gives a seat to an employee (by employee number) or a device (by asset tag), whichever the licence counts.
    func assign(licence licenceID: UUID, employeeNumber: String?, assetTag: String?) async throws -> LicenceAssignment {
        let (now, actor) = (app.services.clock.now(), actor)
        return try await app.write { db in
            guard let licence = try await Licence.find(licenceID, on: db) else { throw AppError.notFound }
            let assignment = LicenceAssignment()
            assignment.licenceID = licenceID
            assignment.assignedAt = now
            assignment.assignedBy = actor.label
            let subject: String
            switch licence.kind {
            case .site:
                throw ValidationFailure([FieldError(field: "assignee", code: .invalid)])
            case .perDevice:
                let key = (assetTag ?? "").trimmingCharacters(in: .whitespaces).uppercased()
                guard !key.isEmpty else { throw ValidationFailure([FieldError(field: "assetTag", code: .required)]) }
                guard let asset = try await Asset.query(on: db).filter(\.$tagKey == key).first() else {
                    throw ValidationFailure([FieldError(field: "assetTag", code: .notFound)])
                }
                assignment.assetID = asset.id
                subject = asset.tag
                if try await LicenceAssignment.query(on: db).filter(\.$licenceID == licenceID).filter(\.$assetID == asset.id!).first()
                    != nil
                {
                    throw ValidationFailure([FieldError(field: "assetTag", code: .taken)])
                }
            case .perUser, .subscription, .concurrent:
                guard let employee = try await Employee.byNumber(employeeNumber ?? "", field: "employeeNumber", on: db) else {
                    throw ValidationFailure([FieldError(field: "employeeNumber", code: .required)])
                }
                assignment.employeeID = employee.id
                subject = "\(employee.employeeNumber) \(employee.fullName)"
                if try await LicenceAssignment.query(on: db).filter(\.$licenceID == licenceID).filter(\.$employeeID == employee.id!).first()
                    != nil
                {
                    throw ValidationFailure([FieldError(field: "employeeNumber", code: .taken)])
                }
            }
            let taken = try await LicenceAssignment.query(on: db).filter(\.$licenceID == licenceID).count()
            if let seats = licence.seats, taken >= seats {
                throw ValidationFailure([FieldError(field: "assignee", code: .noSeatsLeft)])
            }
            try await assignment.create(on: db)
            try await AuditLog.append(
                on: db, actor: actor, action: "licence.assign", entityType: Licence.auditEntityType, entityID: licenceID.uuidString,
                changes: ["assignee": AuditChange(before: nil, after: subject)], at: now)
            return assignment
        }
    }

    func unassign(_ id: UUID) async throws {
        let (now, actor) = (app.services.clock.now(), actor)
        try await app.write { db in
            guard let assignment = try await LicenceAssignment.find(id, on: db) else { throw AppError.notFound }
            let subject = try await Self.assigneeLabel(assignment, on: db)
            try await assignment.delete(on: db)
            try await AuditLog.append(
                on: db, actor: actor, action: "licence.unassign", entityType: Licence.auditEntityType,
                entityID: assignment.licenceID.uuidString, changes: ["assignee": AuditChange(before: subject, after: nil)], at: now)
        }
    }

    static func assigneeLabel(_ assignment: LicenceAssignment, on db: any Database) async throws -> String {
        if let employeeID = assignment.employeeID, let employee = try await Employee.find(employeeID, on: db) {
            return "\(employee.employeeNumber) \(employee.fullName)"
        }
        if let assetID = assignment.assetID, let asset = try await Asset.find(assetID, on: db) { return asset.tag }
        return ""
    }
}
