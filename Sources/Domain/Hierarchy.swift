import Foundation

/// Trees of the organisation — who reports to whom, which department sits under which — must never loop.
public enum Hierarchy {
    /// Whether making `newParent` the parent of `node` would close a loop: it does when `node` is `newParent` itself
    /// or one of its ancestors. Walks up from `newParent` through `parentOf`, at most `limit` steps (a deeper chain
    /// is treated as a loop: it can only come from damaged data).
    public static func wouldCreateCycle<ID: Hashable & Sendable>(
        node: ID, newParent: ID?, limit: Int = 1000, parentOf: (ID) async throws -> ID?
    ) async rethrows -> Bool {
        var current = newParent
        var steps = 0
        var seen = Set<ID>()
        while let ancestor = current {
            if ancestor == node || !seen.insert(ancestor).inserted { return true }
            steps += 1
            if steps > limit { return true }
            current = try await parentOf(ancestor)
        }
        return false
    }
}

/// Where a person stands in their employment.
public enum EmploymentStatus: String, CaseIterable, Codable, Sendable {
    case active
    case onLeave = "on_leave"
    case left

    public var labelKey: String { "employment.\(rawValue)" }
}
