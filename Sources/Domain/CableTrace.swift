import Foundation

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
