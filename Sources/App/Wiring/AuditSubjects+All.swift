import Foundation

extension AuditSubjects {
    /// Every capability's record types, for the audit page.
    static let all = AuditSubjects(
        [
            User.self, Site.self, Room.self, CostCentre.self, Department.self, Employee.self, NotificationChannel.self, Check.self,
            MaintenanceWindow.self, MaintenanceTask.self, MaintenanceRecord.self, StatusPageSettings.self, Evaluation.self,
            IPPrefixRecord.self, IPAddressRecord.self, Vendor.self, Contract.self, Manufacturer.self, AssetModel.self, Asset.self,
            SoftwareProduct.self, Licence.self, CustomField.self, VLAN.self, TelephoneNumber.self, NetworkInterface.self, Cable.self,
            Rack.self, EvaluationCandidate.self, CompanyApp.self, AccessReview.self,
        ], formatters: [MonitoringAuditText.formatters, InventoryAuditText.formatters, UsageAuditText.formatters])
}
