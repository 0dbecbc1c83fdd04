/// The columns a list can show, which it shows unless the reader chose otherwise, and the reader's choice, kept per
/// person and list (issue 20's column chooser).
public struct ListColumns: Sendable, Equatable {
    public struct Column: Sendable, Equatable {
        public let key: String
        public let labelKey: String
        /// Shown whatever is chosen: the column that names the row and links to it.
        public let fixed: Bool
        public let shownByDefault: Bool

        public init(_ key: String, _ labelKey: String, fixed: Bool = false, shownByDefault: Bool = true) {
            (self.key, self.labelKey, self.fixed, self.shownByDefault) = (key, labelKey, fixed, shownByDefault)
        }
    }

    /// The list's name in the address and in the stored choices: `hardware`, `employees`.
    public let list: String
    public let columns: [Column]

    public init(list: String, columns: [Column]) {
        (self.list, self.columns) = (list, columns)
    }

    public var defaults: [String] { columns.filter { $0.fixed || $0.shownByDefault }.map(\.key) }

    /// The columns to show, in the list's order: the reader's stored choice (unknown keys, from an older version,
    /// dropped; fixed ones always added), or the defaults.
    public func shown(_ stored: [String]?) -> [String] {
        guard let stored else { return defaults }
        let chosen = Set(stored)
        let result = columns.filter { $0.fixed || chosen.contains($0.key) }.map(\.key)
        return result.count > columns.filter(\.fixed).count ? result : defaults
    }

    /// A chooser's submitted keys as the choice to store: unknown keys are refused, fixed ones added, at least one
    /// column beyond the fixed ones.
    public func choose(_ keys: [String]) -> Result<[String], ValidationFailure> {
        let known = Set(columns.map(\.key))
        if let unknown = keys.first(where: { !known.contains($0) }) {
            return .failure(ValidationFailure([FieldError(field: "columns", code: .invalid, value: unknown)]))
        }
        let chosen = Set(keys)
        guard columns.contains(where: { !$0.fixed && chosen.contains($0.key) }) else {
            return .failure(ValidationFailure([FieldError(field: "columns", code: .required)]))
        }
        return .success(columns.filter { $0.fixed || chosen.contains($0.key) }.map(\.key))
    }

    /// Everybody's choices for every list, as one stored text: `hardware=tag,name;employees=number,name`.
    public struct Choices: Sendable, Equatable {
        public private(set) var lists: [String: [String]]

        public init(_ lists: [String: [String]] = [:]) { self.lists = lists }

        /// Reads the stored text; what it cannot read is left out rather than failing a page.
        public init(stored: String?) {
            var lists: [String: [String]] = [:]
            for part in (stored ?? "").split(separator: ";") {
                let pieces = part.split(separator: "=", maxSplits: 1)
                guard pieces.count == 2, !pieces[0].isEmpty else { continue }
                lists[String(pieces[0])] = pieces[1].split(separator: ",").map(String.init)
            }
            self.lists = lists
        }

        public subscript(list: String) -> [String]? {
            get { lists[list] }
            set { lists[list] = newValue }
        }

        /// The stored text, lists in name order; nil when nothing is chosen.
        public var stored: String? {
            lists.isEmpty ? nil : lists.keys.sorted().map { "\($0)=\(lists[$0]!.joined(separator: ","))" }.joined(separator: ";")
        }
    }
}
