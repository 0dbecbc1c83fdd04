import Foundation

/// What the hardware list does to the assets ticked on it (issue 20's bulk actions).
public enum BulkAssetAction: String, CaseIterable, Sendable {
    /// Back to stock from whoever holds them.
    case checkIn = "check_in"
    /// To another status (repair, retired…), with a reason where the status needs one.
    case changeStatus = "status"
    /// Checked out to one person.
    case assign
    /// Their rows as a CSV file.
    case export

    public var labelKey: String { "bulk.action.\(rawValue)" }
}

/// A bulk action as submitted: the action, the ticked assets each with the version the list showed (so an asset
/// changed meanwhile is refused, not overwritten), and what the action needs.
public struct BulkAssetChange: Sendable, Equatable {
    /// At most this many assets at once: the largest page of a list.
    public static let limit = 500

    public let action: BulkAssetAction
    /// The ticked assets and the version each was shown at, in the order submitted.
    public let assets: [Selected]
    public let status: AssetStatus?
    public let employeeNumber: String
    public let reason: String

    public struct Selected: Sendable, Equatable {
        public let id: UUID
        public let version: Int

        public init(id: UUID, version: Int) { (self.id, self.version) = (id, version) }
    }

    /// Reads the form: `action`, one `asset.<id>` = version per ticked row, `status`, `employeeNumber`, `reason`. Every
    /// problem is reported by field; nothing is read from the database here.
    public static func parse(
        action: String, selected: [String: String], status: String, employeeNumber: String, reason: String
    ) -> Result<BulkAssetChange, ValidationFailure> {
        var errors: [FieldError] = []
        let chosen = BulkAssetAction(rawValue: action)
        if chosen == nil { errors.append(FieldError(field: "action", code: action.isEmpty ? .required : .invalid)) }
        var assets: [Selected] = []
        for (key, value) in selected.sorted(by: { $0.key < $1.key }) {
            guard let id = UUID(uuidString: key), let version = Int(value), version >= 0 else {
                errors.append(FieldError(field: "assets", code: .invalid))
                break
            }
            assets.append(Selected(id: id, version: version))
        }
        if assets.isEmpty, !errors.contains(where: { $0.field == "assets" }) { errors.append(FieldError(field: "assets", code: .required)) }
        if assets.count > limit { errors.append(FieldError(field: "assets", code: .outOfRange)) }
        var target: AssetStatus?
        switch chosen {
        case .changeStatus?:
            target = AssetStatus(rawValue: status)
            // Deploying names a holder: that is "assign"; leaving deployment for stock is "check in".
            if target == nil || target == .deployed {
                errors.append(FieldError(field: "status", code: status.isEmpty ? .required : .invalid))
            }
        case .assign?:
            if employeeNumber.trimmingCharacters(in: .whitespaces).isEmpty {
                errors.append(FieldError(field: "employeeNumber", code: .required))
            }
        default: break
        }
        if reason.count > 2000 { errors.append(FieldError(field: "reason", code: .tooLong)) }
        guard errors.isEmpty, let chosen else { return .failure(ValidationFailure(errors)) }
        return .success(
            BulkAssetChange(
                action: chosen, assets: assets, status: target, employeeNumber: employeeNumber.trimmingCharacters(in: .whitespaces),
                reason: reason))
    }

    /// The status each asset moves to; nil for an export.
    public var targetStatus: AssetStatus? {
        switch action {
        case .checkIn: .inStock
        case .changeStatus: status
        case .assign: .deployed
        case .export: nil
        }
    }
}
