import Domain
import Fluent
import Foundation
import SQLKit

/// Who was behind a log line, from the records as they were loaded when the ingest began: a proxy user name is an
/// employee's account (work e-mail, its local part, the sign-in e-mail or the employee number); otherwise the client
/// address is a device's in IPAM, and the device's holder at that moment — from its checkout history — is the person.
/// Traffic nobody can be found for is "unknown" at the site whose prefix holds the address.
struct UsageAttribution: Sendable {
    /// One person's place in the organisation when the ingest began; reports group by these.
    struct Person: Sendable {
        let id: UUID
        let departmentID: UUID?
        let siteID: UUID?
    }

    /// Who held a device from `from` until `until` (milliseconds since 1970); nil `person` for shared equipment.
    struct Holding: Sendable {
        let from: Int64
        let until: Int64
        let person: Int?
    }

    private(set) var people: [Person] = []
    private var accounts: [String: Int] = [:]
    private var mailboxes: [String: Int] = [:]
    /// Domains the organisation receives mail for: those of its people's addresses.
    private(set) var mailDomains: Set<String> = []
    private var devicesByAddress: [IPAddress: [UUID]] = [:]
    private var holdings: [UUID: [Holding]] = [:]
    /// Prefixes with the site they belong to, most specific first.
    private var prefixes: [(prefix: IPPrefix, site: UUID)] = []

    /// Subjects: a person's index, or an unknown subject at a site. Sites are numbered after the people.
    private(set) var sites: [UUID?] = [nil]

    static func load(on db: any Database) async throws -> UsageAttribution {
        let sql = db.sql
        var attribution = UsageAttribution()
        var ambiguous: Set<String> = []
        func claim(_ name: String, _ index: Int, in map: inout [String: Int]) {
            let key = name.lowercased()
            guard !key.isEmpty, !ambiguous.contains(key) else { return }
            if let other = map[key], other != index {
                map[key] = nil
                ambiguous.insert(key)
            } else {
                map[key] = index
            }
        }
        let rows = try await sql.select()
            .column(SQLColumn("id", table: "e")).column(SQLColumn("department_id", table: "e"))
            .column(SQLColumn("site_id", table: "e")).column(SQLColumn("work_email", table: "e"))
            .column(SQLColumn("employee_number", table: "e")).column(SQLColumn("email", table: "u"), as: "sign_in_email")
            .from(SQLAlias(SQLIdentifier(Employee.schema), as: SQLIdentifier("e")))
            .join(
                SQLAlias(SQLIdentifier(User.schema), as: SQLIdentifier("u")), method: SQLJoinMethod.left,
                on: SQLColumn("user_id", table: "e"), .equal, SQLColumn("id", table: "u")
            )
            .where(SQLColumn("erased_at", table: "e"), .is, SQLLiteral.null)
            .orderBy(SQLColumn("id", table: "e")).all()
        var indexByID: [UUID: Int] = [:]
        for row in rows {
            let index = attribution.people.count
            let id = try row.decode(column: "id", as: UUID.self)
            indexByID[id] = index
            attribution.people.append(
                Person(
                    id: id, departmentID: try row.decode(column: "department_id", as: UUID?.self),
                    siteID: try row.decode(column: "site_id", as: UUID?.self)))
            claim(try row.decode(column: "employee_number", as: String.self), index, in: &attribution.accounts)
            for email in [
                try row.decode(column: "work_email", as: String?.self), try row.decode(column: "sign_in_email", as: String?.self),
            ] {
                guard let email, let at = email.lastIndex(of: "@") else { continue }
                claim(email, index, in: &attribution.accounts)
                claim(String(email[..<at]), index, in: &attribution.accounts)
                claim(email, index, in: &attribution.mailboxes)
            }
            if let work = try row.decode(column: "work_email", as: String?.self), let at = work.lastIndex(of: "@") {
                attribution.mailDomains.insert(work[work.index(after: at)...].lowercased())
            }
        }
        for row in try await sql.select().column(SQLColumn("address", table: "a")).column(SQLColumn("asset_id", table: "i"))
            .from(SQLAlias(SQLIdentifier(IPAddressRecord.schema), as: SQLIdentifier("a")))
            .join(
                SQLAlias(SQLIdentifier(NetworkInterface.schema), as: SQLIdentifier("i")), method: SQLJoinMethod.inner,
                on: SQLColumn("interface_id", table: "a"), .equal, SQLColumn("id", table: "i")
            )
            .where(SQLColumn("asset_id", table: "i"), .isNot, SQLLiteral.null).all()
        {
            guard let address = IPAddress(try row.decode(column: "address", as: String.self)) else { continue }
            attribution.devicesByAddress[address, default: []].append(try row.decode(column: "asset_id", as: UUID.self))
        }
        let devices = Set(attribution.devicesByAddress.values.joined())
        for chunk in devices.boundChunks(sorted: true) {
            var open: [UUID: (from: Int64, person: Int?)] = [:]
            for row in try await sql.select().columns("asset_id", "occurred_at", "kind", "employee_id").from(AssetEvent.schema)
                .where("asset_id", .in, SQLBind.group(chunk)).where("kind", .in, SQLBind.group(["checkout", "checkin"]))
                .orderBy("asset_id").orderBy("sequence").all()
            {
                let asset = try row.decode(column: "asset_id", as: UUID.self)
                let at = Int64((try row.decode(column: "occurred_at", as: Date.self).timeIntervalSince1970 * 1000).rounded())
                if let previous = open.removeValue(forKey: asset) {
                    attribution.holdings[asset, default: []].append(Holding(from: previous.from, until: at, person: previous.person))
                }
                if try row.decode(column: "kind", as: String.self) == "checkout" {
                    open[asset] = (at, try row.decode(column: "employee_id", as: UUID?.self).flatMap { indexByID[$0] })
                }
            }
            for (asset, holding) in open {
                attribution.holdings[asset, default: []].append(Holding(from: holding.from, until: .max, person: holding.person))
            }
            // Assets handed out before their history was kept: held since they were assigned, or always.
            for row in try await sql.select().columns("id", "assigned_employee_id", "assigned_at").from(Asset.schema)
                .where("id", .in, SQLBind.group(chunk)).where("assigned_employee_id", .isNot, SQLLiteral.null).all()
            {
                let asset = try row.decode(column: "id", as: UUID.self)
                guard attribution.holdings[asset] == nil,
                    let person = try row.decode(column: "assigned_employee_id", as: UUID?.self).flatMap({ indexByID[$0] })
                else { continue }
                let since = try row.decode(column: "assigned_at", as: Date?.self).map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) }
                attribution.holdings[asset] = [Holding(from: since ?? .min, until: .max, person: person)]
            }
        }
        var siteNumbers: [UUID: Int] = [:]
        for row in try await sql.select().columns("prefix", "site_id").from(IPPrefixRecord.schema)
            .where("site_id", .isNot, SQLLiteral.null).all()
        {
            guard let prefix = IPPrefix(try row.decode(column: "prefix", as: String.self)) else { continue }
            attribution.prefixes.append((prefix, try row.decode(column: "site_id", as: UUID.self)))
        }
        attribution.prefixes.sort { $0.prefix.length > $1.prefix.length }
        for site in Set(attribution.prefixes.map(\.site)).union(attribution.people.compactMap(\.siteID)).sorted(by: {
            $0.uuidString < $1.uuidString
        }) {
            siteNumbers[site] = attribution.sites.count
            attribution.sites.append(site)
        }
        attribution.siteNumbers = siteNumbers
        return attribution
    }

    private var siteNumbers: [UUID: Int] = [:]

    /// A subject number: people are 0..<people.count, unknown at site `n` is people.count + n (n = 0: no site).
    func unknownSubject(site: UUID?) -> Int { people.count + (site.flatMap { siteNumbers[$0] } ?? 0) }

    /// The person behind a proxy user name: `jdoe`, `DOMAIN\jdoe` or `jdoe@REALM`, any case.
    func person(account name: String) -> Int? {
        let lowered = name.lowercased()
        if let index = accounts[lowered] { return index }
        if let slash = lowered.lastIndex(of: "\\") { return accounts[String(lowered[lowered.index(after: slash)...])] }
        if let at = lowered.lastIndex(of: "@") { return accounts[String(lowered[..<at])] }
        return nil
    }

    func person(mailbox address: String) -> Int? { mailboxes[address.lowercased()] }

    func isInternal(mailbox address: String) -> Bool {
        guard let at = address.lastIndex(of: "@") else { return !address.isEmpty }
        return mailDomains.contains(address[address.index(after: at)...].lowercased())
    }

    /// What a client address says, worked out once per address: the holdings of the devices there (by time), and the
    /// unknown subject of its site.
    struct Client: Sendable {
        let holdings: [Holding]
        let unknown: Int

        func subject(at milliseconds: Int64) -> Int {
            for holding in holdings where holding.from <= milliseconds && milliseconds < holding.until {
                if let person = holding.person { return person }
            }
            return unknown
        }
    }

    func client(_ text: String) -> Client {
        guard let address = IPAddress(text).map({ $0.unmapped ?? $0 }) else {
            return Client(holdings: [], unknown: unknownSubject(site: nil))
        }
        let site = prefixes.first { $0.prefix.contains(address) }?.site
        let held = (devicesByAddress[address] ?? []).flatMap { holdings[$0] ?? [] }
        return Client(holdings: held, unknown: unknownSubject(site: site))
    }

    /// The department and site a subject's usage is grouped under.
    func placement(ofSubject subject: Int) -> (department: UUID?, site: UUID?) {
        subject < people.count ? (people[subject].departmentID, people[subject].siteID) : (nil, sites[subject - people.count])
    }
}
