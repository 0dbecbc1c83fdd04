import Fluent
import Foundation
import Vapor

extension Site: VersionedRecord {
    static let auditEntityType = "site"
    var auditLabel: String { name }
    static func auditPath(_ id: UUID) -> String? { Paths.site.path(id) }
}

extension CostCentre: VersionedRecord {
    static let auditEntityType = "cost_centre"
    var auditLabel: String { "\(code) \(name)" }
    static func auditPath(_ id: UUID) -> String? { Paths.costCentre.path(id) }
}

extension Department: VersionedRecord {
    static let auditEntityType = "department"
    var auditLabel: String { name }
    static func auditPath(_ id: UUID) -> String? { Paths.department.path(id) }
}

extension Employee: VersionedRecord {
    static let auditEntityType = "employee"
    var auditLabel: String { "\(firstName) \(lastName)" }
    static func auditPath(_ id: UUID) -> String? { Paths.employee.path(id) }
}
