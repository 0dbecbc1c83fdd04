/// How often a contract's cost falls due.
public enum BillingPeriod: String, CaseIterable, Sendable, Codable {
    case monthly, quarterly, yearly

    public var months: Int {
        switch self {
        case .monthly: 1
        case .quarterly: 3
        case .yearly: 12
        }
    }

    public var labelKey: String { "contract.billing.\(rawValue)" }
}

/// What a contract costs per year, from its cost per billing period.
public enum ContractCost {
    public static func perYear(_ cost: Money, period: BillingPeriod) -> Money {
        Money(minorUnits: cost.minorUnits * Int64(12 / period.months), currency: cost.currency)
    }
}
