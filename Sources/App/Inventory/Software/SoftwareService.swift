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
}
