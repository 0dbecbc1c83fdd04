import Domain
import Fluent
import Foundation
import Vapor

/// The demo company's network: per site a /16 with server, client (DHCP), voice and management LANs, each on its VLAN,
/// an IPv6 /48 with one /64, the gateways, and the servers and switches with DNS names. Loaded once, through the same service as
/// everything else (so it is audited), into an organisation that has no prefixes yet.
enum DemoNetwork {
    struct Plan {
        let site: String
        let octet: Int
        let ipv6: String
        let code: String
    }

    static let plans = [
        Plan(site: "Tallinn", octet: 10, ipv6: "2001:db8:10", code: "tll"),
        Plan(site: "Hamburg", octet: 20, ipv6: "2001:db8:20", code: "ham"),
        Plan(site: "Stockholm", octet: 30, ipv6: "2001:db8:30", code: "sto"),
    ]

    static func load(into app: Application) async throws {
        guard try await IPPrefixRecord.query(on: app.db).count() == 0 else { return }
        let ipam = IPAMService(app: app, actor: .system)
        let numbering = NumberingService(app: app, actor: .system)
        let sites = try await Site.query(on: app.db).all()
        let existingVLANs = try await VLAN.query(on: app.db).all()
        for plan in plans {
            let site = sites.first { $0.name == plan.site }?.id
            var vlans: [Int: UUID] = [:]
            if let site {
                for (vid, name) in [(10, "Servers"), (20, "Voice"), (80, "Clients"), (254, "Management")] {
                    if let existing = existingVLANs.first(where: { $0.siteID == site && $0.vid == vid }) {
                        vlans[vid] = existing.id
                    } else {
                        vlans[vid] = try await numbering.createVLAN(.init(siteID: site, vid: vid, name: name)).id
                    }
                }
            }
            let base = "10.\(plan.octet)"
            let prefixes: [(String, IPStatus, String, vlan: Int?)] = [
                ("\(base).0.0/16", .active, "\(plan.site)", nil), ("\(base).1.0/24", .active, "\(plan.site) servers", 10),
                ("\(base).8.0/22", .dhcp, "\(plan.site) clients", 80), ("\(base).20.0/24", .active, "\(plan.site) voice", 20),
                ("\(base).254.0/24", .reserved, "\(plan.site) network management", 254),
                ("\(plan.ipv6)::/48", .active, "\(plan.site) IPv6", nil), ("\(plan.ipv6):1::/64", .active, "\(plan.site) servers IPv6", 10),
            ]
            for (prefix, status, description, vid) in prefixes {
                _ = try await ipam.createPrefix(
                    .init(
                        prefix: prefix, status: status.rawValue, siteID: site, vlanID: vid.flatMap { vlans[$0] }, description: description))
            }
            let addresses: [(String, String)] = [
                ("\(base).1.1/24", "gw-srv.\(plan.code)"), ("\(base).1.10/24", "dc1.\(plan.code)"), ("\(base).1.11/24", "dc2.\(plan.code)"),
                ("\(base).1.20/24", "files.\(plan.code)"), ("\(base).1.21/24", "backup.\(plan.code)"),
                ("\(base).8.1/22", "gw-clients.\(plan.code)"),
                ("\(base).20.1/24", "gw-voice.\(plan.code)"), ("\(base).20.5/24", "pbx.\(plan.code)"),
                ("\(base).254.1/24", "core-sw.\(plan.code)"),
                ("\(base).254.2/24", "access-sw1.\(plan.code)"), ("\(base).254.3/24", "access-sw2.\(plan.code)"),
                ("\(plan.ipv6):1::1/64", "gw-srv.\(plan.code)"), ("\(plan.ipv6):1::10/64", "dc1.\(plan.code)"),
            ]
            for (address, name) in addresses {
                _ = try await ipam.createAddress(.init(address: address, dnsName: "\(name).demo.example"))
            }
        }
    }
}
