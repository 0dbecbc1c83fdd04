import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Where a product is installed: recording and removing installations.
extension SoftwareService {
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
}
