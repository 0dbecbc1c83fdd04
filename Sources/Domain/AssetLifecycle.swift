/// Where an asset is in its life. Allowed moves are `AssetLifecycle.allowed`; nothing else changes a status.
public enum AssetStatus: String, CaseIterable, Sendable, Codable {
    case ordered
    case inStock = "in_stock"
    case deployed
    case inRepair = "in_repair"
    case retired
    case disposed

    public var labelKey: String { "asset.status.\(rawValue)" }
}

/// How a disposed asset left the company.
public enum DisposalMethod: String, CaseIterable, Sendable, Codable {
    case recycled, sold, donated, destroyed
    case returnedToLessor = "returned_to_lessor"
    case returnedToVendor = "returned_to_vendor"

    public var labelKey: String { "asset.disposal.\(rawValue)" }
}

/// The rules of an asset's life: which status may follow which, and what each move must record.
public enum AssetLifecycle {
    /// ordered → in stock → deployed ⇄ in repair → retired → disposed, with returns to stock from deployment and
    /// repair, and a retired asset brought back into stock. Disposal is final.
    public static let allowed: [AssetStatus: Set<AssetStatus>] = [
        .ordered: [.inStock],
        .inStock: [.deployed, .inRepair, .retired],
        .deployed: [.inStock, .inRepair, .retired],
        .inRepair: [.inStock, .deployed, .retired],
        .retired: [.inStock, .disposed],
        .disposed: [],
    ]

    /// A status change as the user asked for it.
    public struct Move: Sendable {
        public var from: AssetStatus
        public var to: AssetStatus
        public var type: AssetType
        /// Why: required when retiring or disposing and when sending to repair.
        public var reason: String
        /// Deploying needs someone or somewhere to hold the asset.
        public var hasAssignee: Bool
        public var disposalMethod: DisposalMethod?
        /// The person disposing confirms the storage was wiped or destroyed.
        public var dataWipeConfirmed: Bool

        public init(
            from: AssetStatus, to: AssetStatus, type: AssetType, reason: String = "", hasAssignee: Bool = false,
            disposalMethod: DisposalMethod? = nil, dataWipeConfirmed: Bool = false
        ) {
            self.from = from
            self.to = to
            self.type = type
            self.reason = reason
            self.hasAssignee = hasAssignee
            self.disposalMethod = disposalMethod
            self.dataWipeConfirmed = dataWipeConfirmed
        }
    }

    /// Every reason the move cannot be made, by field; empty when it can.
    public static func problems(_ move: Move) -> [FieldError] {
        guard move.from != move.to else { return [FieldError(field: "status", code: .unchanged)] }
        guard allowed[move.from, default: []].contains(move.to) else { return [FieldError(field: "status", code: .transitionNotAllowed)] }
        var problems: [FieldError] = []
        let reason = move.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if [.retired, .disposed, .inRepair].contains(move.to), reason.isEmpty {
            problems.append(FieldError(field: "reason", code: .required))
        }
        if reason.count > 2000 { problems.append(FieldError(field: "reason", code: .tooLong)) }
        if move.to == .deployed, !move.hasAssignee { problems.append(FieldError(field: "assignee", code: .required)) }
        if move.to == .disposed {
            if move.disposalMethod == nil { problems.append(FieldError(field: "disposalMethod", code: .required)) }
            if move.type.storesData, !move.dataWipeConfirmed { problems.append(FieldError(field: "dataWipeConfirmed", code: .required)) }
        }
        return problems
    }

    /// Whether an asset in `status` may be held by someone. Only deployed assets are; every other move ends the
    /// assignment (returning to stock is checking in).
    public static func keepsAssignee(_ status: AssetStatus) -> Bool { status == .deployed }
}
