import Domain
import Fluent
import Foundation
import Vapor

/// The demo company's physical network, per site: a rack in the server room with its patch panels, switches, firewall,
/// router, servers and UPS; the servers cabled to the core switch with their addresses on their interfaces; and one
/// desk: a laptop's socket through wall port A-14 and patch panel port 14 to the access switch. Loaded through the
/// services (audited), after the hardware and the address plan.
enum DemoCabling {
    static func load(into app: Application) async throws {
        guard try await Rack.query(on: app.db).count() == 0 else { return }
        let service = CablingService(app: app, actor: .system)
        let sites = try await Site.query(on: app.db).all()
        for plan in DemoNetwork.plans {
            guard let site = sites.first(where: { $0.name == plan.site }) else { continue }
            let code = plan.code
            let rooms = try await Room.query(on: app.db).filter(\.$site.$id == site.id!).sort(\.$name).all()
            let serverRoom = rooms.first { $0.name.lowercased().hasPrefix("server") }
            let office = rooms.first { ["Open office 3rd floor", "Großraumbüro", "Kontorslandskap"].contains($0.name) } ?? rooms.last
            // The site's infrastructure, found through the type index rather than by scanning every asset's name.
            let infrastructure = try await Asset.query(on: app.db).filter(\.$siteID == site.id!)
                .filter(\.$typeRaw ~~ [AssetType.server, .networkSwitch, .router, .firewall, .patchPanel, .ups].map(\.rawValue)).all()
            let byName = Dictionary(infrastructure.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            func asset(_ name: String) -> Asset? { byName["\(name).\(code)"] }
            guard let core = asset("core-sw"), let access = asset("access-sw1"), let panel = asset("pp1") else { continue }

            var rack = try await service.createRack(.init(siteID: site.id, roomID: serverRoom?.id, name: "R1", heightUnits: 42))
            let mounts: [(String, Int, Int)] = [
                ("pp1", 42, 1), ("pp2", 41, 1), ("core-sw", 40, 1), ("access-sw1", 39, 1), ("access-sw2", 38, 1), ("fw", 36, 1),
                ("gw", 35, 1),
                ("srv1", 20, 2), ("srv2", 22, 2), ("srv3", 24, 2), ("ups", 1, 2),
            ]
            for (name, position, height) in mounts {
                guard let device = asset(name) else { continue }
                rack = try await service.place(
                    rack: rack.id!, expectedVersion: rack.version, assetTag: device.tag, position: position, height: height)
            }

            func interface(_ device: Asset, _ name: String, _ kind: InterfaceKind, speed: Int? = nil, mac: String? = nil) async throws
                -> NetworkInterface
            {
                try await service.createInterface(.init(assetTag: device.tag, name: name, kind: kind.rawValue, speedMbps: speed, mac: mac))
            }
            var cableNumber = 0
            func cable(
                _ a: NetworkInterface, _ aSide: CableSide, _ b: NetworkInterface, _ bSide: CableSide, _ kind: CableKind, cm: Int,
                _ colour: String
            )
                async throws
            {
                cableNumber += 1
                _ = try await service.createCable(
                    .init(
                        label: "\(code.uppercased())-\(String(format: "%04d", cableNumber))", kind: kind.rawValue, lengthCentimetres: cm,
                        colour: colour,
                        a: .init(interface: a.id!, side: aSide), b: .init(interface: b.id!, side: bSide)))
            }
            func configure(_ address: String, on interface: NetworkInterface) async throws {
                guard let parsed = IPAddress(address),
                    let record = try await IPAddressRecord.query(on: app.db).filter(\.$sortKey == parsed.sortKey).first()
                else { return }
                _ = try await service.configure(address: record.id!, on: interface.id, expectedVersion: nil)
            }

            // Servers on the core switch, their addresses on their NICs; the switch's management address on its port.
            let base = "10.\(plan.octet)"
            for (index, (server, address)) in [("srv1", "\(base).1.10"), ("srv2", "\(base).1.11"), ("srv3", "\(base).1.20")].enumerated() {
                guard let device = asset(server) else { continue }
                let nic = try await interface(
                    device, "eth0", .sfp, speed: 10_000, mac: String(format: "00:1B:21:%02X:%02X:%02X", plan.octet, 1, index + 1))
                let port = try await interface(core, "Te1/1/\(index + 1)", .sfp, speed: 10_000)
                try await cable(nic, .port, port, .port, .dac, cm: 100, "black")
                try await configure(address, on: nic)
            }
            try await configure("\(base).254.1", on: try await interface(core, "mgmt0", .management, speed: 1_000))
            try await configure("\(base).254.2", on: try await interface(access, "mgmt0", .management, speed: 1_000))
            let uplinkCore = try await interface(core, "Te1/1/8", .sfp, speed: 10_000)
            let uplinkAccess = try await interface(access, "Te1/1/1", .sfp, speed: 10_000)
            try await cable(uplinkCore, .port, uplinkAccess, .port, .fibreOM4, cm: 200, "aqua")

            // One desk: the laptop's socket, through the wall and the patch panel, to access switch port 14.
            guard let room = office else { continue }
            let laptop = try await Asset.query(on: app.db).filter(\.$siteID == site.id!).filter(\.$typeRaw == AssetType.laptop.rawValue)
                .filter(\.$statusRaw == AssetStatus.deployed.rawValue).sort(\.$tagKey).first()
            guard let laptop else { continue }
            let wall = try await service.createInterface(.init(roomID: room.id, name: "A-14", kind: InterfaceKind.wallPort.rawValue))
            let panelPort = try await interface(panel, "14", .patchPort)
            let switchPort = try await interface(access, "Gi1/0/14", .ethernet, speed: 1_000)
            let nic = try await interface(laptop, "eth0", .ethernet, speed: 1_000, mac: String(format: "3C:52:82:%02X:00:14", plan.octet))
            try await cable(nic, .port, wall, .front, .cat6, cm: 300, "blue")
            try await cable(wall, .rear, panelPort, .rear, .cat6a, cm: 3_500, "grey")
            try await cable(panelPort, .front, switchPort, .port, .cat6, cm: 50, "yellow")
            let desk = try await IPAMService(app: app, actor: .system).createAddress(
                .init(
                    address: "\(base).8.23/22", status: IPStatus.dhcp.rawValue, dnsName: "\(laptop.tag.lowercased()).\(code).demo.example"))
            _ = try await service.configure(address: desk.id!, on: nic.id, expectedVersion: nil)
        }
    }
}
