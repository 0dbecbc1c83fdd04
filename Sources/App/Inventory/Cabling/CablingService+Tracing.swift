import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Following a cable path from an interface.
extension CablingService {
    // MARK: Tracing

    /// A traced path with what people need to read it: each hop's cable and the interfaces at its ends.
    struct TracedPath: Sendable {
        struct Hop: Sendable {
            let cable: Cable
            let from: NetworkInterface
            let fromSide: CableSide
            let to: NetworkInterface
            let toSide: CableSide
        }

        let start: NetworkInterface
        let hops: [Hop]
        let end: CableTrace.End
        let labels: [UUID: String]
        /// The device at the far end, when the path reaches one.
        let farAsset: Asset?
    }

    /// Follows the cables from an interface; a pass-through port is left through its rear unless told otherwise.
    static func trace(from id: UUID, side: CableSide? = nil, on db: any Database) async throws -> TracedPath {
        guard let start = try await NetworkInterface.find(id, on: db) else { throw AppError.notFound }
        let startSide = side ?? (start.kind.passesThrough ? .rear : .port)
        // Read the connected component breadth-first: a path is short, so a few queries suffice.
        var kinds: [UUID: InterfaceKind] = [id: start.kind]
        var interfaces: [UUID: NetworkInterface] = [id: start]
        var cables: [CableTrace.Endpoint: (cable: UUID, far: CableTrace.Endpoint)] = [:]
        var cableRecords: [UUID: Cable] = [:]
        var frontier: Set<UUID> = [id]
        var visited: Set<UUID> = []
        while !frontier.isEmpty, visited.count < 200 {
            visited.formUnion(frontier)
            let found = try await Cable.query(on: db).group(.or) {
                $0.filter(\.$aInterfaceID ~~ Array(frontier)).filter(\.$bInterfaceID ~~ Array(frontier))
            }.all()
            var next: Set<UUID> = []
            for cable in found where cableRecords[cable.id!] == nil {
                cableRecords[cable.id!] = cable
                let (a, b) = (cable.ends[0], cable.ends[1])
                cables[a] = (cable.id!, b)
                cables[b] = (cable.id!, a)
                next.formUnion([a.interface, b.interface])
            }
            next.subtract(visited)
            if !next.isEmpty {
                for interface in try await NetworkInterface.query(on: db).filter(\.$id ~~ Array(next)).all() {
                    interfaces[interface.id!] = interface
                    kinds[interface.id!] = interface.kind
                }
            }
            // Only pass-through ports lead further.
            frontier = Set(next.filter { kinds[$0]?.passesThrough == true })
        }
        let path = CableTrace.follow(from: .init(interface: id, side: startSide), kinds: kinds, cables: cables)
        let labels = try await Self.labels(Array(interfaces.keys), on: db)
        let hops = path.hops.compactMap { hop -> TracedPath.Hop? in
            guard let cable = cableRecords[hop.cable], let from = interfaces[hop.from.interface], let to = interfaces[hop.to.interface]
            else {
                return nil
            }
            return .init(cable: cable, from: from, fromSide: hop.from.side, to: to, toSide: hop.to.side)
        }
        var farAsset: Asset?
        if case .interface(let far) = path.end, let assetID = interfaces[far]?.assetID { farAsset = try await Asset.find(assetID, on: db) }
        return TracedPath(start: start, hops: hops, end: path.end, labels: labels, farAsset: farAsset)
    }
}
