import Foundation
import Testing

@testable import Domain

@Suite("Cabling, MAC addresses and rack units")
struct CablingTests {
    @Test("MAC addresses are read in the usual spellings and written upper case with colons")
    func macAddresses() {
        for text in ["00:1a:2b:3c:4d:5e", "00-1A-2B-3C-4D-5E", "001a.2b3c.4d5e", "001A2B3C4D5E", " 00:1A:2B:3C:4D:5E "] {
            #expect(MACAddress(text)?.description == "00:1A:2B:3C:4D:5E", "\(text)")
        }
        for text in [
            "00:1a:2b:3c:4d", "00:1a:2b:3c:4d:5e:6f", "00:1a-2b:3c:4d:5e", "001a2b.3c4d5e", "0g:1a:2b:3c:4d:5e", "", "0:1a:2b:3c:4d:5e0",
        ] {
            #expect(MACAddress(text) == nil, "\(text)")
        }
    }

    /// laptop NIC → wall port 2.14 (front, rear) → patch panel port 14 (rear, front) → switch Gi1/0/14.
    struct Plant {
        let nic = UUID(), wall = UUID(), panel = UUID(), switchPort = UUID()
        let c1 = UUID(), c2 = UUID(), c3 = UUID()
        var kinds: [UUID: InterfaceKind] { [nic: .ethernet, wall: .wallPort, panel: .patchPort, switchPort: .ethernet] }

        func cables(_ list: [(UUID, CableTrace.Endpoint, CableTrace.Endpoint)]) -> [CableTrace.Endpoint: (
            cable: UUID, far: CableTrace.Endpoint
        )] {
            var map: [CableTrace.Endpoint: (cable: UUID, far: CableTrace.Endpoint)] = [:]
            for (cable, a, b) in list {
                map[a] = (cable, b)
                map[b] = (cable, a)
            }
            return map
        }

        func end(_ interface: UUID, _ side: CableSide) -> CableTrace.Endpoint { .init(interface: interface, side: side) }

        var full: [CableTrace.Endpoint: (cable: UUID, far: CableTrace.Endpoint)] {
            cables([
                (c1, end(nic, .port), end(wall, .front)), (c2, end(wall, .rear), end(panel, .rear)),
                (c3, end(panel, .front), end(switchPort, .port)),
            ])
        }
    }

    @Test("A path runs through wall and patch-panel ports to the switch port, and back the same way")
    func fullPath() {
        let plant = Plant()
        let path = CableTrace.follow(from: plant.end(plant.nic, .port), kinds: plant.kinds, cables: plant.full)
        #expect(path.hops.map(\.cable) == [plant.c1, plant.c2, plant.c3])
        #expect(path.end == .interface(plant.switchPort))
        let back = CableTrace.follow(from: plant.end(plant.switchPort, .port), kinds: plant.kinds, cables: plant.full)
        #expect(back.hops.map(\.cable) == [plant.c3, plant.c2, plant.c1])
        #expect(back.end == .interface(plant.nic))
        // From the wall port's rear: to the switch; from its front: to the laptop.
        #expect(
            CableTrace.follow(from: plant.end(plant.wall, .rear), kinds: plant.kinds, cables: plant.full).end
                == .interface(plant.switchPort))
        #expect(CableTrace.follow(from: plant.end(plant.wall, .front), kinds: plant.kinds, cables: plant.full).end == .interface(plant.nic))
    }

    @Test("A patch port without its front cable ends the path open there; an uncabled interface has no hops")
    func openEnds() {
        let plant = Plant()
        let partial = plant.cables([
            (plant.c1, plant.end(plant.nic, .port), plant.end(plant.wall, .front)),
            (plant.c2, plant.end(plant.wall, .rear), plant.end(plant.panel, .rear)),
        ])
        let path = CableTrace.follow(from: plant.end(plant.nic, .port), kinds: plant.kinds, cables: partial)
        #expect(path.hops.count == 2)
        #expect(path.end == .open(plant.end(plant.panel, .front)))
        let none = CableTrace.follow(from: plant.end(plant.switchPort, .port), kinds: plant.kinds, cables: partial)
        #expect(none.hops.isEmpty && none.end == .open(plant.end(plant.switchPort, .port)))
    }

    @Test("Cables that lead back to a port already passed are reported as a loop, not followed for ever")
    func loop() {
        let plant = Plant()
        // The panel's front is patched back into the wall port's front.
        let miswired = plant.cables([
            (plant.c2, plant.end(plant.wall, .rear), plant.end(plant.panel, .rear)),
            (plant.c3, plant.end(plant.panel, .front), plant.end(plant.wall, .front)),
        ])
        let path = CableTrace.follow(from: plant.end(plant.wall, .rear), kinds: plant.kinds, cables: miswired)
        #expect(path.end == .loop)
        #expect(path.hops.count == 2)
    }

    @Test("Rack units count from U1 at the bottom; a device must fit and may not share a unit")
    func rackUnits() {
        let server = RackLayout.Placement(id: UUID(), position: 10, height: 2)
        let others = [server, RackLayout.Placement(id: UUID(), position: 1, height: 1)]
        #expect(RackLayout.problem(placing: .init(id: UUID(), position: 12, height: 1), inRackOf: 42, beside: others) == nil)
        #expect(
            RackLayout.problem(placing: .init(id: UUID(), position: 11, height: 1), inRackOf: 42, beside: others)
                == FieldError(field: "position", code: .rackSpaceTaken))
        #expect(
            RackLayout.problem(placing: .init(id: UUID(), position: 9, height: 2), inRackOf: 42, beside: others)
                == FieldError(field: "position", code: .rackSpaceTaken))
        #expect(
            RackLayout.problem(placing: .init(id: UUID(), position: 42, height: 2), inRackOf: 42, beside: others)
                == FieldError(field: "position", code: .outOfRange))
        #expect(
            RackLayout.problem(placing: .init(id: UUID(), position: 0, height: 1), inRackOf: 42, beside: others)
                == FieldError(field: "position", code: .outOfRange))
        // Moving a device within the rack does not collide with itself.
        #expect(RackLayout.problem(placing: .init(id: server.id, position: 11, height: 2), inRackOf: 42, beside: others) == nil)
        #expect(RackLayout.free(height: 12, placements: others) == [2, 3, 4, 5, 6, 7, 8, 9, 12])
    }
}
