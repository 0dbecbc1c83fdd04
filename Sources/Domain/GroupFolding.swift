/// Groups for a report, with how many distinct people each has. A group of fewer than the minimum would single people
/// out, so it is folded into "other"; and if "other" itself stays too small, the next smallest groups join it until it
/// is large enough — otherwise a total minus the shown groups would reveal the small one.
public enum GroupFolding {
    public struct Group<Value: Sendable>: Sendable {
        public var key: String
        public var people: Int
        public var value: Value
        public init(key: String, people: Int, value: Value) {
            self.key = key
            self.people = people
            self.value = value
        }
    }

    public struct Result<Value: Sendable>: Sendable {
        /// The groups large enough to show, largest first.
        public var shown: [Group<Value>]
        /// The folded groups' keys; empty when nothing was folded.
        public var folded: [String]
        /// The people in the folded groups together, when there are any.
        public var otherPeople: Int
    }

    /// Folds `groups`. `people` of "other" counts members of the folded groups; a person in two folded groups counts
    /// twice, which only makes "other" look larger than it is when groups overlap — reports pass disjoint groups.
    public static func fold<Value>(_ groups: [Group<Value>], minimum: Int) -> Result<Value> {
        var shown = groups.sorted { ($0.people, $1.key) > ($1.people, $0.key) }
        var folded: [Group<Value>] = []
        while let last = shown.last, last.people < minimum {
            folded.append(shown.removeLast())
        }
        var otherPeople = folded.reduce(0) { $0 + $1.people }
        while !folded.isEmpty, otherPeople < minimum, let next = shown.popLast() {
            folded.append(next)
            otherPeople += next.people
        }
        return Result(shown: shown, folded: folded.map(\.key), otherPeople: otherPeople)
    }
}
