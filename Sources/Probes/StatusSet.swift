import Foundation

/// The HTTP statuses a check accepts, written as people write them: `200-299`, `200,301,302`, `2xx`.
public struct StatusSet: Sendable, Equatable, CustomStringConvertible {
    public let ranges: [ClosedRange<Int>]

    public static let success = StatusSet(ranges: [200...299])

    public init(ranges: [ClosedRange<Int>]) { self.ranges = ranges }

    /// Nil when a part is not a status (100–599), a range (`200-299`) or a class (`2xx`).
    public init?(_ text: String) {
        var ranges: [ClosedRange<Int>] = []
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !part.isEmpty {
            if part.count == 3, part.hasSuffix("xx"), let digit = Int(part.prefix(1)), (1...5).contains(digit) {
                ranges.append(digit * 100...digit * 100 + 99)
            } else if let dash = part.firstIndex(of: "-") {
                guard let low = Int(part[..<dash].trimmingCharacters(in: .whitespaces)),
                    let high = Int(part[part.index(after: dash)...].trimmingCharacters(in: .whitespaces)), low <= high,
                    (100...599).contains(low), (100...599).contains(high)
                else { return nil }
                ranges.append(low...high)
            } else {
                guard let code = Int(part), (100...599).contains(code) else { return nil }
                ranges.append(code...code)
            }
        }
        guard !ranges.isEmpty else { return nil }
        self.ranges = ranges
    }

    public func contains(_ code: Int) -> Bool { ranges.contains { $0.contains(code) } }

    public var description: String {
        ranges.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ",")
    }
}
