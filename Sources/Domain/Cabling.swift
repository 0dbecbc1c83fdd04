import Foundation

/// A 48-bit MAC address, read in any of the spellings switches and operating systems print (`00:1a:2b:3c:4d:5e`,
/// `00-1A-2B-3C-4D-5E`, `001a.2b3c.4d5e`, `001A2B3C4D5E`) and written one way: upper case with colons.
public struct MACAddress: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let separators = Set(trimmed.filter { !$0.isHexDigit })
        guard separators.count <= 1 else { return nil }
        let digits = trimmed.filter(\.isHexDigit)
        guard digits.count == 12 else { return nil }
        // The separator, if any, must sit where one of the three usual layouts puts it.
        if let separator = separators.first {
            let groups = trimmed.split(separator: separator, omittingEmptySubsequences: false).map(\.count)
            guard (separator == ":" || separator == "-") && groups == [2, 2, 2, 2, 2, 2] || separator == "." && groups == [4, 4, 4] else {
                return nil
            }
        }
        var bytes: [UInt8] = []
        var index = digits.startIndex
        while index < digits.endIndex {
            let next = digits.index(index, offsetBy: 2)
            guard let byte = UInt8(digits[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        self.bytes = bytes
    }

    public var description: String { bytes.map { String(format: "%02X", $0) }.joined(separator: ":") }
}

/// What an interface is. Pass-through ports (patch-panel and wall ports) have a front and a rear, and a path continues
/// through them; every other interface ends a path.
public enum InterfaceKind: String, CaseIterable, Sendable, Codable {
    case ethernet, sfp, wireless, console, management, patchPort = "patch_port", wallPort = "wall_port", other

    public var labelKey: String { "interface.kind.\(rawValue)" }
    public var passesThrough: Bool { self == .patchPort || self == .wallPort }
}

/// Where on an interface a cable is attached: the one socket of an ordinary interface, or the front or rear of a
/// pass-through port.
public enum CableSide: String, CaseIterable, Sendable, Codable {
    case port, front, rear

    public var opposite: CableSide {
        switch self {
        case .front: .rear
        case .rear: .front
        case .port: .port
        }
    }

    /// The sides an interface of this kind offers.
    public static func sides(for kind: InterfaceKind) -> [CableSide] { kind.passesThrough ? [.front, .rear] : [.port] }
}

public enum CableKind: String, CaseIterable, Sendable, Codable {
    case cat5e, cat6, cat6a, cat7, fibreOM3 = "fibre_om3", fibreOM4 = "fibre_om4", fibreOS2 = "fibre_os2", dac, power, other

    public var labelKey: String { "cable.kind.\(rawValue)" }
}

/// The jacket colours patch and installation cables come in, named in every language; a colour outside the list
/// (a stripe, a vendor's shade) is kept as typed.
public enum CableColour: String, CaseIterable, Sendable {
    case black, white, grey, red, orange, yellow, green, blue, purple, pink, aqua, brown

    public var labelKey: String { "cable.colour.\(rawValue)" }
}

/// Follows cables from an interface through patch panels and wall ports to the far end, as the IT manager does with a
/// torch in the comms room: "this laptop's socket leads through wall port 2.14-A and patch panel PP-1 port 14 to
/// switch port Gi1/0/14".
public enum CableTrace {
    public struct Endpoint: Hashable, Sendable {
        public let interface: UUID
        public let side: CableSide

        public init(interface: UUID, side: CableSide) {
            self.interface = interface
            self.side = side
        }
    }

    public struct Hop: Equatable, Sendable {
        public let from: Endpoint
        public let cable: UUID
        public let to: Endpoint
    }

    public enum End: Equatable, Sendable {
        /// The path reaches an interface that does not pass through: a switch port, a server's NIC.
        case interface(UUID)
        /// The path stops at a pass-through port with nothing attached on its other side (or at the start: not cabled).
        case open(Endpoint)
        /// The cables lead back to a port already passed: miswired.
        case loop
    }

    public struct Path: Equatable, Sendable {
        public let hops: [Hop]
        public let end: End
    }

    /// - Parameters:
    ///   - start: where to start; on a pass-through port choose the side to leave through (the rear leads to the
    ///     comms room).
    ///   - kinds: each interface's kind.
    ///   - cables: each attached endpoint's cable and the endpoint at its other end.
    public static func follow(from start: Endpoint, kinds: [UUID: InterfaceKind], cables: [Endpoint: (cable: UUID, far: Endpoint)]) -> Path
    {
        var hops: [Hop] = []
        var current = start
        var seen: Set<Endpoint> = [start]
        while let (cable, far) = cables[current] {
            hops.append(Hop(from: current, cable: cable, to: far))
            guard kinds[far.interface]?.passesThrough == true else { return Path(hops: hops, end: .interface(far.interface)) }
            let next = Endpoint(interface: far.interface, side: far.side.opposite)
            guard seen.insert(far).inserted, seen.insert(next).inserted else { return Path(hops: hops, end: .loop) }
            current = next
        }
        return Path(hops: hops, end: .open(current))
    }
}

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
