import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// One search box for the whole inventory: a tag, serial number, name or hostname, IP address or prefix, MAC address,
/// DNS name or holder's name finds the assets behind it, and the people and addresses it names. Identifiers are
/// matched exactly first; only when none matches are fragments of names and holders looked for. Every part of the
/// answer comes from an index (the tag, serial, address, MAC and DNS indexes, and the trigram indexes on assets and
/// employees), so it stays fast however large the inventory grows; BENCHMARKS.md has the figures.
enum GlobalSearch {
    /// The most assets listed; the asset list shows all of a fragment's matches.
    static let assetLimit = 50
    static let peopleLimit = 10
    /// Addresses, and people whose assets are looked for, read at most.
    private static let candidates = 200
    /// Assets read per way of matching by fragment: one more than are shown, to know whether there are more.
    private static let fragmentCandidates = assetLimit + 1

    static func run(_ terms: SearchTerms, includePeople: Bool, on db: any Database) async throws -> Result {
        let sql = db.sql
        let dialect = sql.engine
        var hits: [SearchHit<UUID>] = []
        /// What matched, per asset and reason, when it is not on the asset itself.
        var details: [UUID: [SearchMatch: String]] = [:]
        var assets: [UUID: Asset] = [:]
        var more = false
        func found(_ list: [Asset], _ match: SearchMatch, detail: (Asset) -> String? = { _ in nil }) {
            for asset in list {
                let id = asset.id!
                assets[id] = asset
                let reason = match == .fragment && asset.name.lowercased() == terms.folded ? .name : match
                hits.append(SearchHit(id: id, match: reason, sortKey: asset.tagKey))
                if let value = detail(asset) { details[id, default: [:]][reason] = value }
            }
        }

        func read(_ column: String, in values: [any Encodable & Sendable], limit: Int? = nil) async throws -> [Asset] {
            guard !values.isEmpty else { return [] }
            return try await Asset.read(on: db, where: SQLBinaryExpression(SQLIdentifier(column), .in, SQLBind.group(values)), limit: limit)
        }
        found(try await read("tag_key", in: [terms.text.uppercased()]), .tag)
        found(try await read("serial", in: Array(Set([terms.text, terms.text.uppercased()]))), .serial)

        // Addresses: the one typed, the ones inside a prefix typed, the ones with the DNS name typed.
        var addresses: [IPAddressRecord] = []
        var prefixes: [IPPrefixRecord] = []
        if let address = terms.address {
            addresses = try await IPAddressRecord.query(on: db).filter(\.$sortKey == address.sortKey).all()
            let host = IPPrefix(containing: address, length: address.family.bitWidth)
            prefixes = try await containing(host, on: db).map { [$0] } ?? []
        } else if let prefix = terms.prefix {
            addresses = try await IPAMService.addresses(in: prefix.first...prefix.last, on: db).sort(\.$sortKey).limit(candidates).all()
            prefixes = try await IPPrefixRecord.query(on: db).filter(\.$firstKey == prefix.first.sortKey)
                .filter(\.$length == prefix.length).all()
            if prefixes.isEmpty, let parent = try await containing(prefix, on: db) { prefixes = [parent] }
        } else if terms.couldBeDNSName {
            addresses = try await IPAddressRecord.query(on: db).filter(\.$dnsName == terms.folded).limit(candidates).all()
        }
        let addressInterfaces = Set(addresses.compactMap(\.interfaceID))
        var interfaceAssets: [UUID: UUID] = [:]
        if !addressInterfaces.isEmpty {
            for interface in try await NetworkInterface.query(on: db).filter(\.$id ~~ addressInterfaces).all() {
                if let asset = interface.assetID { interfaceAssets[interface.id!] = asset }
            }
        }
        var addressOf: [UUID: String] = [:]
        for record in addresses {
            guard let interface = record.interfaceID, let asset = interfaceAssets[interface] else { continue }
            addressOf[asset] = addressOf[asset] ?? (terms.couldBeDNSName ? record.dnsName : record.addressText)
        }
        if !addressOf.isEmpty {
            let match: SearchMatch = terms.couldBeDNSName ? .dnsName : .ipAddress
            found(try await read("id", in: Array(addressOf.keys)), match) { addressOf[$0.id!] }
        }

        if let mac = terms.mac {
            let interfaces = try await NetworkInterface.query(on: db).filter(\.$mac == mac.description).all()
            let ids = Set(interfaces.compactMap(\.assetID))
            found(try await read("id", in: Array(ids)), .mac) { _ in mac.description }
        }

        // An exact tag, serial number, address or MAC answers the search by itself; fragments (which every longer
        // identifier also is: "QM-099901" is in "NQM-099901") are looked for when nothing matched exactly. The asset
        // list's search still finds them.
        var people: [Person] = []
        if terms.searchesFragments, hits.isEmpty {
            let fragment = try await Asset.read(
                on: db, where: TrigramSearch.assets.contains(terms.folded, dialect: dialect, first: fragmentCandidates),
                limit: fragmentCandidates)
            more = fragment.count > assetLimit
            found(fragment, .fragment)

            let names = terms.nameOrders.map { TrigramSearch.employees.contains($0, dialect: dialect) }
            people = try await sql.select().columns("id", "employee_number", "first_name", "last_name", "sort_name", "status")
                .from(Employee.schema).where(SQLGroupExpression(names.dropFirst().reduce(names[0]) { SQLBinaryExpression($0, .or, $1) }))
                .where(SQLIdentifier("status"), .notEqual, SQLBind(EmploymentStatus.left.rawValue)).limit(candidates)
                .all(decoding: Person.self).sorted { ($0.sort_name, $0.employee_number) < ($1.sort_name, $1.employee_number) }
            if !people.isEmpty {
                let holders = Dictionary(uniqueKeysWithValues: people.map { ($0.id, $0.name) })
                let held = try await read("assigned_employee_id", in: Array(holders.keys), limit: fragmentCandidates)
                more = more || held.count > assetLimit
                found(held, .holder) { $0.assignedEmployeeID.flatMap { holders[$0] } }
            }
        }

        let ranked = SearchHit.ranked(hits, limit: assetLimit)
        more = more || Set(hits.map(\.id)).count > ranked.count
        let assetHits = try await describe(ranked, assets: assets, details: details, on: db)
        let personHits = includePeople ? try await describe(Array(people.prefix(peopleLimit)), on: db) : nil
        return Result(
            query: terms.text, assets: assetHits, moreAssets: more, people: personHits,
            addresses: addresses.prefix(assetLimit).map {
                AddressHit(
                    id: $0.id!, address: $0.addressText, dnsName: $0.dnsName, status: $0.status,
                    assetId: $0.interfaceID.flatMap { interfaceAssets[$0] })
            },
            prefixes: prefixes.map { PrefixHit(id: $0.id!, prefix: $0.prefixText, description: $0.description, status: $0.status) })
    }
}
