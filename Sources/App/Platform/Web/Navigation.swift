import Domain

/// One group of the header's navigation — a capability, the person's own pages, or administration — with its pages,
/// each behind the action a role needs to open it. The composition root lists the groups (`Navigation+Standard`).
struct NavigationGroup: Sendable {
    struct Entry: Sendable {
        let path: Paths
        let labelKey: String
        let action: Action
    }

    let labelKey: String
    let entries: [Entry]

    init(_ labelKey: String, _ entries: [(Paths, String, Action)]) {
        self.labelKey = labelKey
        self.entries = entries.map { Entry(path: $0.0, labelKey: $0.1, action: $0.2) }
    }
}
