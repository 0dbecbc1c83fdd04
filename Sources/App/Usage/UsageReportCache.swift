import Domain
import Vapor

/// The usage reports' aggregates last computed, each under the period, grouping, minimum group size and
/// `UsageRevision` it was computed for. A report of the same question at the same revision is the same report, so
/// asking again costs two small queries (the revision and the group names) instead of the aggregate queries. Entries
/// of an older revision are dropped as soon as a newer one is kept; at most `capacity` are held.
actor UsageReportCache {
    struct Key: Hashable, Sendable {
        let from: CalendarDate
        let to: CalendarDate
        let grouping: UsageReport.Grouping
        let minimum: Int
        let revision: Int64
    }

    let capacity: Int
    /// Oldest use first.
    private var keys: [Key] = []
    private var entries: [Key: UsageReport.Aggregates] = [:]

    init(capacity: Int = 32) {
        self.capacity = max(1, capacity)
    }

    func aggregates(for key: Key) -> UsageReport.Aggregates? {
        guard let found = entries[key] else { return nil }
        keys.removeAll { $0 == key }
        keys.append(key)
        return found
    }

    func keep(_ aggregates: UsageReport.Aggregates, for key: Key) {
        if keys.contains(where: { $0.revision > key.revision }) { return }
        keys.removeAll { $0.revision < key.revision || $0 == key }
        keys.append(key)
        if keys.count > capacity { keys.removeFirst(keys.count - capacity) }
        entries = entries.filter { keys.contains($0.key) }
        entries[key] = aggregates
    }

    var count: Int { entries.count }
}

extension Application {
    private struct UsageReportCacheKey: StorageKey { typealias Value = UsageReportCache }

    /// Set when the application is configured; read by every request that shows a usage report.
    var usageReports: UsageReportCache {
        get { storage[UsageReportCacheKey.self]! }
        set { storage[UsageReportCacheKey.self] = newValue }
    }
}
