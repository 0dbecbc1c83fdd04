import Domain
import Foundation

/// Who was behind a log line, from the records as they were loaded when the ingest began: a proxy user name is an
/// employee's account (work e-mail, its local part, the sign-in e-mail or the employee number); otherwise the client
/// address is a device's in IPAM, and the device's holder at that moment — from its checkout history — is the person.
/// Traffic nobody can be found for is "unknown" at the site whose prefix holds the address.
package struct UsageAttribution: Sendable {
    /// One person's place in the organisation when the ingest began; reports group by these.
    package struct Person: Sendable {
        package let id: UUID
        package let departmentID: UUID?
        package let siteID: UUID?

        package init(id: UUID, departmentID: UUID?, siteID: UUID?) {
            (self.id, self.departmentID, self.siteID) = (id, departmentID, siteID)
        }
    }

    /// Who held a device from `from` until `until` (milliseconds since 1970); nil `person` for shared equipment.
    package struct Holding: Sendable {
        package let from: Int64
        package let until: Int64
        package let person: Int?

        package init(from: Int64, until: Int64, person: Int?) {
            (self.from, self.until, self.person) = (from, until, person)
        }
    }

    package private(set) var people: [Person] = []
    private var accounts: [String: Int] = [:]
    private var mailboxes: [String: Int] = [:]
    /// Domains the organisation receives mail for: those of its people's addresses.
    package private(set) var mailDomains: Set<String> = []
    private var devicesByAddress: [IPAddress: [UUID]] = [:]
    private var holdings: [UUID: [Holding]] = [:]
    /// Prefixes with the site they belong to, most specific first.
    private var prefixes: [(prefix: IPPrefix, site: UUID)] = []

    /// Subjects: a person's index, or an unknown subject at a site. Sites are numbered after the people.
    package private(set) var sites: [UUID?] = [nil]
    private var siteNumbers: [UUID: Int] = [:]
    /// Names that two people go by: they name nobody.
    private var ambiguous: Set<String> = []

    package init() {}

    // MARK: Building, as the records are read

    /// Adds a person, known by their employee number and by each e-mail address (and its local part) as a proxy user
    /// name, and by each address as a mailbox; their work address's domain receives mail. A name two people share
    /// names neither. Returns the person's subject number.
    package mutating func addPerson(_ person: Person, employeeNumber: String, workEmail: String?, signInEmail: String?) -> Int {
        let index = people.count
        people.append(person)
        Self.claim(employeeNumber, index, in: &accounts, ambiguous: &ambiguous)
        for email in [workEmail, signInEmail] {
            guard let email, let at = email.lastIndex(of: "@") else { continue }
            Self.claim(email, index, in: &accounts, ambiguous: &ambiguous)
            Self.claim(String(email[..<at]), index, in: &accounts, ambiguous: &ambiguous)
            Self.claim(email, index, in: &mailboxes, ambiguous: &ambiguous)
        }
        if let workEmail, let at = workEmail.lastIndex(of: "@") {
            mailDomains.insert(workEmail[workEmail.index(after: at)...].lowercased())
        }
        return index
    }

    private static func claim(_ name: String, _ index: Int, in map: inout [String: Int], ambiguous: inout Set<String>) {
        let key = name.lowercased()
        guard !key.isEmpty, !ambiguous.contains(key) else { return }
        if let other = map[key], other != index {
            map[key] = nil
            ambiguous.insert(key)
        } else {
            map[key] = index
        }
    }

    /// A device (an asset) with an address.
    package mutating func addDevice(_ asset: UUID, at address: IPAddress) {
        devicesByAddress[address, default: []].append(asset)
    }

    /// Every device that has an address.
    package var devices: Set<UUID> { Set(devicesByAddress.values.joined()) }

    /// Whether anyone is known to have held the device.
    package func hasHoldings(_ asset: UUID) -> Bool { holdings[asset] != nil }

    package mutating func addHolding(_ holding: Holding, of asset: UUID) {
        holdings[asset, default: []].append(holding)
    }

    /// A prefix of a site: traffic from it that nobody can be found for is the site's unknown.
    package mutating func addPrefix(_ prefix: IPPrefix, site: UUID) {
        prefixes.append((prefix, site))
    }

    /// Numbers the sites (of the prefixes and of the people) and orders the prefixes most specific first: call once,
    /// when everything is added.
    package mutating func finish() {
        prefixes.sort { $0.prefix.length > $1.prefix.length }
        for site in Set(prefixes.map(\.site)).union(people.compactMap(\.siteID)).sorted(by: { $0.uuidString < $1.uuidString }) {
            siteNumbers[site] = sites.count
            sites.append(site)
        }
    }

    // MARK: Reading, line by line

    /// A subject number: people are 0..<people.count, unknown at site `n` is people.count + n (n = 0: no site).
    package func unknownSubject(site: UUID?) -> Int { people.count + (site.flatMap { siteNumbers[$0] } ?? 0) }

    /// The person behind a proxy user name: `jdoe`, `DOMAIN\jdoe` or `jdoe@REALM`, any case.
    package func person(account name: String) -> Int? {
        let lowered = name.lowercased()
        if let index = accounts[lowered] { return index }
        if let slash = lowered.lastIndex(of: "\\") { return accounts[String(lowered[lowered.index(after: slash)...])] }
        if let at = lowered.lastIndex(of: "@") { return accounts[String(lowered[..<at])] }
        return nil
    }

    package func person(mailbox address: String) -> Int? { mailboxes[address.lowercased()] }

    package func isInternal(mailbox address: String) -> Bool {
        guard let at = address.lastIndex(of: "@") else { return !address.isEmpty }
        return mailDomains.contains(address[address.index(after: at)...].lowercased())
    }

    /// What a client address says, worked out once per address: the holdings of the devices there (by time), and the
    /// unknown subject of its site.
    package struct Client: Sendable {
        package let holdings: [Holding]
        package let unknown: Int

        package func subject(at milliseconds: Int64) -> Int {
            for holding in holdings where holding.from <= milliseconds && milliseconds < holding.until {
                if let person = holding.person { return person }
            }
            return unknown
        }
    }

    package func client(_ text: String) -> Client {
        guard let address = IPAddress(text).map({ $0.unmapped ?? $0 }) else {
            return Client(holdings: [], unknown: unknownSubject(site: nil))
        }
        let site = prefixes.first { $0.prefix.contains(address) }?.site
        let held = (devicesByAddress[address] ?? []).flatMap { holdings[$0] ?? [] }
        return Client(holdings: held, unknown: unknownSubject(site: site))
    }

    /// The department and site a subject's usage is grouped under.
    package func placement(ofSubject subject: Int) -> (department: UUID?, site: UUID?) {
        subject < people.count ? (people[subject].departmentID, people[subject].siteID) : (nil, sites[subject - people.count])
    }
}
