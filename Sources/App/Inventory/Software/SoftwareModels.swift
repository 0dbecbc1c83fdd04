import Domain
import Fluent
import Foundation
import SQLKit

/// A software product the company uses ("Microsoft 365 Apps", "Adobe Acrobat Pro"): who publishes it and what it is for.
final class SoftwareProduct: Model, @unchecked Sendable {
    static let schema = "software_products"

    @ID(key: .id) var id: UUID?
    @Field(key: "publisher") var publisher: String
    @Field(key: "name") var name: String
    /// Publisher and name lower-cased: a product is unique without regard to case.
    @Field(key: "name_key") var nameKey: String
    @Field(key: "category") var categoryRaw: String
    @Field(key: "notes") var notes: String
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var category: SoftwareCategory { SoftwareCategory(rawValue: categoryRaw) ?? .other }
    /// "Adobe Acrobat Pro", as lists show it.
    var label: String { publisher.isEmpty ? name : "\(publisher) \(name)" }

    static func key(publisher: String, name: String) -> String { "\(publisher)\u{1F}\(name)".lowercased() }

    var auditFields: [String: String] { ["publisher": publisher, "name": name, "category": categoryRaw, "notes": notes] }
}

/// A product installed on an asset, with the version found there.
final class SoftwareInstall: Model, @unchecked Sendable {
    static let schema = "software_installations"

    @ID(key: .id) var id: UUID?
    @Field(key: "product_id") var productID: UUID
    @Field(key: "asset_id") var assetID: UUID
    @Field(key: "product_version") var productVersion: String
    @OptionalField(key: "installed_on") var installedOnText: String?
    /// How the installation became known: entered by hand, or from an imported inventory.
    @Field(key: "source") var source: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

extension SoftwareProduct: VersionedRecord {
    static let auditEntityType = "software_product"
    var auditLabel: String { name }
    static func auditPath(_ id: UUID) -> String? { Paths.softwareProduct.path(id) }
}
