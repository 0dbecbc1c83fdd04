import Domain
import Fluent
import Foundation
import Vapor

/// The lookup: what an address, name or tag finds, and the path of its cable.
extension CablingPages {
    // MARK: Lookup

    struct LookupContent: Encodable {
        struct Fact: Encodable {
            let labelKey: String
            let value: String
            let href: String?
        }

        let query: String
        let searched: Bool
        let found: Bool
        let facts: [Fact]
        let hops: [HopRow]
        let end: String
        let error: String?
    }

    func lookup(_ req: Request) async throws -> Response {
        let query = (req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces)
        var facts: [LookupContent.Fact] = []
        var hops: [HopRow] = []
        var end = ""
        var error: String?
        if !query.isEmpty {
            do {
                let result = try await NetworkLookup.find(query, on: req.db)
                if let address = result.address {
                    facts.append(
                        .init(labelKey: "lookup.address", value: address.address + (address.prefixLength.map { "/\($0)" } ?? ""), href: nil)
                    )
                    facts.append(.init(labelKey: "lookup.status", value: req.t("ip.status.\(address.status)"), href: nil))
                    if let dns = address.dnsName { facts.append(.init(labelKey: "lookup.dns_name", value: dns, href: nil)) }
                    if !address.description.isEmpty {
                        facts.append(.init(labelKey: "lookup.description", value: address.description, href: nil))
                    }
                }
                if let prefix = result.prefix { facts.append(.init(labelKey: "lookup.prefix", value: prefix, href: nil)) }
                if let device = result.device {
                    facts.append(
                        .init(
                            labelKey: "lookup.device", value: "\(device.tag) \(device.name.nilIfEmpty ?? device.model)",
                            href: Paths.hardwareAsset.path(device.id)))
                    if let holder = device.holder { facts.append(.init(labelKey: "asset.holder", value: holder, href: nil)) }
                    if let site = device.site { facts.append(.init(labelKey: "asset.site", value: site, href: nil)) }
                    if let rack = device.rack { facts.append(.init(labelKey: "lookup.rack", value: rack, href: nil)) }
                }
                if let interface = result.interface {
                    facts.append(
                        .init(labelKey: "lookup.interface", value: interface.label, href: Paths.networkInterface.path(interface.id)))
                    if let mac = interface.mac { facts.append(.init(labelKey: "interface.mac", value: mac, href: nil)) }
                    let path = try await CablingService.trace(from: interface.id, on: req.db)
                    hops = Self.rows(path, req)
                    end = Self.endText(path, req)
                }
            } catch let failure as ValidationFailure {
                error = req.fieldMessages(failure)["q"]
            }
        }
        return try await req.page(
            "network/lookup", titleKey: "lookup.title",
            LookupContent(query: query, searched: !query.isEmpty, found: !facts.isEmpty, facts: facts, hops: hops, end: end, error: error))
    }
}
