import Fluent
import Foundation

extension Manufacturer: VersionedRecord {
    static let auditEntityType = "manufacturer"
    var auditLabel: String { name }
}
extension AssetModel: VersionedRecord {
    static let auditEntityType = "asset_model"
    var auditLabel: String { name }
    static func auditPath(_ id: UUID) -> String? { Paths.hardwareModel.path(id) }
}
extension Asset: VersionedRecord {
    static let auditEntityType = "asset"
    var auditLabel: String { "\(tag) \(name)" }
    static func auditPath(_ id: UUID) -> String? { Paths.hardwareAsset.path(id) }
}
