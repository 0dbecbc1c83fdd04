/// What kind of thing an asset is. The type decides which lifecycle rules apply (a disposed laptop needs its data
/// wiped; a monitor holds none) and which fields a form offers (a mobile phone has an IMEI).
public enum AssetType: String, CaseIterable, Sendable, Codable {
    case server, workstation, laptop, monitor
    case networkSwitch = "switch", router, firewall, accessPoint = "access_point", patchPanel = "patch_panel"
    case pbx, deskPhone = "desk_phone", mobilePhone = "mobile_phone", printer, ups, other

    public var labelKey: String { "asset.type.\(rawValue)" }

    /// Network gear: placed in racks, with interfaces and cables.
    public var isNetworkDevice: Bool { [.networkSwitch, .router, .firewall, .accessPoint, .patchPanel].contains(self) }

    /// Whether the device can hold company or personal data, so that disposal must confirm it was wiped.
    public var storesData: Bool {
        switch self {
        case .monitor, .patchPanel, .ups: false
        default: true
        }
    }

    /// Mobile phones are identified by their IMEI as well as their serial number.
    public var hasIMEI: Bool { self == .mobilePhone }
}

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

/// Asset tags: a configurable prefix and a zero-padded running number ("QM-000042"); people may also type their own.
public enum AssetTag {
    public static let maxLength = 32

    /// The tag after the highest number already used with this prefix.
    public static func next(prefix: String, highestUsed: Int?, digits: Int = 6) -> String {
        let number = String((highestUsed ?? 0) + 1)
        return prefix + String(repeating: "0", count: max(0, digits - number.count)) + number
    }

    /// The running number of a tag made with `prefix`, or nil for a tag made another way.
    public static func number(of tag: String, prefix: String) -> Int? {
        guard tag.hasPrefix(prefix) else { return nil }
        let rest = tag.dropFirst(prefix.count)
        guard !rest.isEmpty, rest.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(rest)
    }

    /// A tag is 1–32 letters, digits, "-", "_", "." or "/", as labels are printed; compared without regard to case.
    public static func problems(_ tag: String, field: String = "assetTag") -> [FieldError] {
        if tag.isEmpty { return [FieldError(field: field, code: .required)] }
        if tag.count > maxLength { return [FieldError(field: field, code: .tooLong)] }
        guard tag.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_./".contains($0)) }) else {
            return [FieldError(field: field, code: .invalid)]
        }
        return []
    }

    /// The prefix a setting may hold: up to 10 characters a tag may contain.
    public static func prefixProblems(_ prefix: String) -> [FieldError] {
        guard prefix.count <= 10 else { return [FieldError(field: "assetTagPrefix", code: .tooLong)] }
        return prefix.isEmpty ? [] : problems(prefix, field: "assetTagPrefix")
    }
}

/// A mobile phone's IMEI: 15 digits, the last a Luhn check digit over the other fourteen.
public enum IMEI {
    /// The digits alone (spaces, dashes and slashes as printed on labels are dropped), or nil when they are not a
    /// valid IMEI.
    public static func normalised(_ text: String) -> String? {
        let digits = text.filter { !" -/".contains($0) }
        guard digits.count == 15, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let values = digits.compactMap(\.wholeNumberValue)
        // Luhn: from the right, every second digit (the check digit counting as first) is doubled, its digits summed.
        var sum = 0
        for (offset, value) in values.reversed().enumerated() {
            let doubled = offset % 2 == 1 ? value * 2 : value
            sum += doubled > 9 ? doubled - 9 : doubled
        }
        return sum % 10 == 0 ? digits : nil
    }
}
