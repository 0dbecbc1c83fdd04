import Foundation

/// Rack units: positions counted from U1 at the bottom, as rack rails are numbered.
public enum RackLayout {
    public struct Placement: Sendable, Equatable {
        public let id: UUID
        /// The lowest unit the device occupies.
        public let position: Int
        public let height: Int

        public init(id: UUID, position: Int, height: Int) {
            self.id = id
            self.position = position
            self.height = height
        }

        public var units: ClosedRange<Int> { position...(position + height - 1) }
    }

    /// Why a device cannot go there: outside the rack, or on units another device takes; nil when it fits.
    public static func problem(placing candidate: Placement, inRackOf height: Int, beside others: [Placement]) -> FieldError? {
        guard candidate.height >= 1, candidate.height <= 60 else { return FieldError(field: "height", code: .outOfRange) }
        guard candidate.position >= 1, candidate.units.upperBound <= height else { return FieldError(field: "position", code: .outOfRange) }
        let taken = others.filter { $0.id != candidate.id }.contains { $0.units.overlaps(candidate.units) }
        return taken ? FieldError(field: "position", code: .rackSpaceTaken) : nil
    }

    /// The free units, bottom up.
    public static func free(height: Int, placements: [Placement]) -> [Int] {
        let used = Set(placements.flatMap { Array($0.units) })
        return (1...max(1, height)).filter { !used.contains($0) }
    }
}
