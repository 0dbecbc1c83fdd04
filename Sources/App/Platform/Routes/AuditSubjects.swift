import Fluent
import Foundation

/// Every record type the audit page can name and link, by the code the trail records; the composition root lists the
/// capabilities' types as the route table lists their routes.
struct AuditSubjects: Sendable {
    let types: [String: any AuditSubject.Type]

    init(_ types: [any AuditSubject.Type]) {
        self.types = Dictionary(uniqueKeysWithValues: types.map { ($0.auditEntityType, $0) })
    }

    static let all = AuditSubjects([
        User.self, Site.self, Room.self, CostCentre.self, Department.self, Employee.self, NotificationChannel.self, Check.self,
        MaintenanceWindow.self, MaintenanceTask.self, MaintenanceRecord.self, StatusPageSettings.self, Evaluation.self,
        IPPrefixRecord.self, IPAddressRecord.self, Vendor.self, Contract.self, Manufacturer.self, AssetModel.self, Asset.self,
        SoftwareProduct.self, Licence.self, CustomField.self, VLAN.self, TelephoneNumber.self, NetworkInterface.self, Cable.self,
        Rack.self,
    ])

    /// The current labels of the records `entries` name, as subjects or in their changes (a site moved to, a manager
    /// set): one query per record type.
    func names(in entries: [AuditEntry], on db: any Database) async throws -> [UUID: String] {
        var wanted: [String: Set<UUID>] = [:]
        for entry in entries {
            if let type = entry.entityType, let id = entry.entityID.flatMap(UUID.init(uuidString:)) { wanted[type, default: []].insert(id) }
            for (field, change) in entry.changes ?? [:] {
                guard let type = AuditVocabulary.references(field: field, of: entry.entityType) else { continue }
                for value in [change.before, change.after] {
                    if let id = value.flatMap(UUID.init(uuidString:)) { wanted[type, default: []].insert(id) }
                }
            }
        }
        var names: [UUID: String] = [:]
        for (type, ids) in wanted {
            guard let subject = types[type] else { continue }
            names.merge(try await subject.auditLabels(Array(ids), on: db)) { first, _ in first }
        }
        return names
    }

    /// The page of the record an entry is about, if it has one.
    func path(type: String?, id: String?) -> String? {
        guard let type, let id = id.flatMap(UUID.init(uuidString:)) else { return nil }
        return types[type]?.auditPath(id)
    }
}
