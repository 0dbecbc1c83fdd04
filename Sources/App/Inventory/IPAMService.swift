import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// IP address management: prefixes and addresses, their nesting, utilisation and the next free address. The address
/// arithmetic is `Domain.IPAddress`/`IPPrefix`; this type stores, checks against what is stored, and audits.
struct IPAMService: Sendable {
    let app: Application
    let actor: AuditActor

    struct PrefixInput: Sendable {
        var prefix: String
        /// An `IPStatus` raw value, checked with the other fields.
        var status = IPStatus.active.rawValue
        var siteID: UUID?
        /// The VLAN the prefix is on; at the prefix's site when both are given.
        var vlanID: UUID?
        var description: String = ""
    }

    struct AddressInput: Sendable {
        /// "10.1.2.3", or with the interface's mask, "10.1.2.3/24".
        var address: String
        /// An `IPStatus` raw value, checked with the other fields.
        var status = IPStatus.active.rawValue
        var dnsName: String?
        var description: String = ""
        /// The prefix the address is added to (from its page, or `prefixId` in the API): it must lie inside it.
        var prefixID: UUID? = nil
    }

    /// How full a prefix is.
    struct PrefixUsage: Sendable, Equatable {
        let prefix: IPPrefix
        let usedAddresses: Int
        /// Usable addresses (nil when there are more than fit in an Int, as in most IPv6 prefixes).
        let usableAddresses: Int?
        let utilisationBasisPoints: Int
    }

    static func parsePrefix(_ text: String, field: String = "prefix") throws(ValidationFailure) -> IPPrefix {
        if text.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationFailure([FieldError(field: field, code: .required)]) }
        do {
            return try IPPrefix(parsing: text.trimmingCharacters(in: .whitespaces))
        } catch {
            throw ValidationFailure([FieldError(field: field, code: error == .hostBitsSet ? .hostBitsSet : .ipInvalid)])
        }
    }

    static func parseAddress(_ text: String) throws(ValidationFailure) -> (address: IPAddress, length: Int?) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { throw ValidationFailure([FieldError(field: "address", code: .required)]) }
        do {
            if trimmed.contains("/") {
                let (address, prefix) = try IPPrefix.interface(parsing: trimmed)
                return (address, prefix.length)
            }
            return (try IPAddress(parsing: trimmed), nil)
        } catch {
            throw ValidationFailure([FieldError(field: "address", code: .ipInvalid)])
        }
    }

    /// Every failing field at once: the parsed value, or the field's errors added to `errors`.
    private static func collect<Value>(_ errors: inout [FieldError], _ parse: () throws(ValidationFailure) -> Value) -> Value? {
        do { return try parse() } catch {
            errors += error.errors
            return nil
        }
    }

    /// The fields every IPAM record shares: its status and description.
    private static func checkCommon(status: String, description: String, into errors: inout [FieldError]) {
        if IPStatus(rawValue: status) == nil { errors.append(FieldError(field: "status", code: .invalid)) }
        if description.count > 500 { errors.append(FieldError(field: "description", code: .tooLong)) }
    }

    /// The prefix the input names, or every failing field.
    private static func parsed(_ input: PrefixInput) throws(ValidationFailure) -> IPPrefix {
        var errors: [FieldError] = []
        let parsed = collect(&errors) { () throws(ValidationFailure) in try parsePrefix(input.prefix) }
        checkCommon(status: input.status, description: input.description, into: &errors)
        guard let prefix = parsed, errors.isEmpty else { throw ValidationFailure(errors) }
        return prefix
    }

    private static func apply(_ input: PrefixInput, prefix: IPPrefix, to record: IPPrefixRecord) {
        record.prefixText = prefix.description
        record.length = prefix.length
        record.firstKey = prefix.first.sortKey
        record.lastKey = prefix.last.sortKey
        record.status = input.status
        record.siteID = input.siteID
        record.vlanID = input.vlanID
        record.description = input.description.trimmingCharacters(in: .whitespaces)
    }

    /// What only the stored rows can tell, inside the write: the prefix is not recorded twice, and its site and VLAN
    /// exist, the VLAN at the prefix's site.
    private static func check(_ prefix: IPPrefix, _ input: PrefixInput, excluding id: UUID?, on db: any Database) async throws {
        var errors: [FieldError] = []
        if let other = try await IPPrefixRecord.query(on: db).filter(\.$prefixText == prefix.description).first(), other.id != id {
            errors.append(FieldError(field: "prefix", code: .taken))
        }
        if let site = input.siteID, try await Site.find(site, on: db) == nil {
            errors.append(FieldError(field: "siteId", code: .notFound))
        }
        if let vlanID = input.vlanID {
            if let vlan = try await VLAN.find(vlanID, on: db) {
                if let site = input.siteID, vlan.siteID != site { errors.append(FieldError(field: "vlanId", code: .vlanOtherSite)) }
            } else {
                errors.append(FieldError(field: "vlanId", code: .notFound))
            }
        }
        if !errors.isEmpty { throw ValidationFailure(errors) }
    }

    func createPrefix(_ input: PrefixInput) async throws -> IPPrefixRecord {
        let prefix = try Self.parsed(input)
        let record = IPPrefixRecord()
        Self.apply(input, prefix: prefix, to: record)
        record.createdAt = app.services.clock.now()
        return try await app.createAudited(record, actor: actor) { db in try await Self.check(prefix, input, excluding: nil, on: db) }
    }

    /// Changes a prefix if it is still at `expectedVersion`. Addresses belong to a prefix by range, so a renumbered
    /// prefix shows the addresses inside its new range.
    func updatePrefix(_ id: UUID, expectedVersion: Int, _ input: PrefixInput) async throws -> IPPrefixRecord {
        let prefix = try Self.parsed(input)
        return try await app.updateAudited(IPPrefixRecord.self, id: id, expectedVersion: expectedVersion, actor: actor) { record, db in
            try await Self.check(prefix, input, excluding: id, on: db)
            Self.apply(input, prefix: prefix, to: record)
        }
    }

    /// Removes a prefix; the addresses inside it stay (they belong to the enclosing prefix, if any).
    func deletePrefix(_ id: UUID, expectedVersion: Int?) async throws {
        try await app.deleteAudited(IPPrefixRecord.self, id: id, expectedVersion: expectedVersion, actor: actor)
    }

    /// The address record the input describes, or every failing field.
    static func record(_ input: AddressInput) -> Result<IPAddressRecord, ValidationFailure> {
        let record = IPAddressRecord()
        do { try parsed(input, into: record) } catch { return .failure(error) }
        return .success(record)
    }

    /// Fills `record` from the input, or throws every failing field and leaves it as it was.
    private static func parsed(_ input: AddressInput, into record: IPAddressRecord) throws(ValidationFailure) {
        var errors: [FieldError] = []
        let parsed = collect(&errors) { () throws(ValidationFailure) in try parseAddress(input.address) }
        checkCommon(status: input.status, description: input.description, into: &errors)
        let dnsName = input.dnsName?.trimmingCharacters(in: .whitespaces).lowercased().nilIfEmpty
        if let dnsName, dnsName.count > 253 || !dnsName.allSatisfy({ $0.isLetter || $0.isNumber || "-._".contains($0) }) {
            errors.append(FieldError(field: "dnsName", code: .invalid))
        }
        guard let (address, length) = parsed, errors.isEmpty else { throw ValidationFailure(errors) }
        record.addressText = address.description
        record.sortKey = address.sortKey
        record.prefixLength = length
        record.status = input.status
        record.dnsName = dnsName
        record.description = input.description.trimmingCharacters(in: .whitespaces)
    }

    /// Duplicate-address detection: one routing domain, so an address is entered once, in whichever spelling.
    private static func checkUnique(_ sortKey: String, excluding id: UUID?, on db: any Database) async throws {
        if let other = try await IPAddressRecord.query(on: db).filter(\.$sortKey == sortKey).first(), other.id != id {
            throw ValidationFailure([FieldError(field: "address", code: .taken)])
        }
    }

    func createAddress(_ input: AddressInput) async throws -> IPAddressRecord {
        let record = try Self.record(input).get()
        record.createdAt = app.services.clock.now()
        return try await app.createAudited(record, actor: actor) { db in
            try await Self.checkUnique(record.sortKey, excluding: nil, on: db)
            try await Self.checkInside(record, prefix: input.prefixID, on: db)
        }
    }

    /// An address added to a prefix lies inside it; otherwise it would silently belong to another prefix or none.
    private static func checkInside(_ record: IPAddressRecord, prefix id: UUID?, on db: any Database) async throws {
        guard let id else { return }
        guard let prefix = try await IPPrefixRecord.find(id, on: db) else {
            throw ValidationFailure([FieldError(field: "prefixId", code: .notFound)])
        }
        guard let address = IPAddress(sortKey: record.sortKey), let range = prefix.prefix, range.contains(address) else {
            throw ValidationFailure([FieldError(field: "address", code: .outsidePrefix)])
        }
    }

    /// Changes an address if it is still at `expectedVersion`; the interface it is configured on stays.
    func updateAddress(_ id: UUID, expectedVersion: Int, _ input: AddressInput) async throws -> IPAddressRecord {
        try await app.updateAudited(IPAddressRecord.self, id: id, expectedVersion: expectedVersion, actor: actor) { record, db in
            try Self.parsed(input, into: record)
            try await Self.checkUnique(record.sortKey, excluding: id, on: db)
        }
    }

    func deleteAddress(_ id: UUID, expectedVersion: Int?) async throws {
        try await app.deleteAudited(IPAddressRecord.self, id: id, expectedVersion: expectedVersion, actor: actor)
    }

    /// The longest stored prefix that holds the stored address.
    static func enclosing(_ record: IPAddressRecord, on db: any Database) async throws -> IPPrefixRecord? {
        guard let address = IPAddress(sortKey: record.sortKey) else { return nil }
        return try await enclosing(address, on: db)
    }

    /// The longest stored prefix that holds `address`.
    static func enclosing(_ address: IPAddress, on db: any Database) async throws -> IPPrefixRecord? {
        try await IPPrefixRecord.query(on: db)
            .filter(\.$firstKey <= address.sortKey).filter(\.$lastKey >= address.sortKey)
            .sort(\.$length, .descending).first()
    }

    /// The longest stored prefix that contains `prefix` (not itself).
    static func parent(of prefix: IPPrefix, on db: any Database) async throws -> IPPrefix? {
        try await IPPrefixRecord.query(on: db)
            .filter(\.$firstKey <= prefix.first.sortKey).filter(\.$lastKey >= prefix.last.sortKey)
            .filter(\.$length < prefix.length)
            .sort(\.$length, .descending).first()?.prefix
    }

    /// The stored addresses from the range's first to its last: a range on the address index.
    static func addresses(in range: ClosedRange<IPAddress>, on db: any Database) -> QueryBuilder<IPAddressRecord> {
        IPAddressRecord.query(on: db).filter(\.$sortKey >= range.lowerBound.sortKey).filter(\.$sortKey <= range.upperBound.sortKey)
    }

    /// One page of stored addresses in address order, inside `prefix` (every address when nil), and how many there are.
    static func addressPage(in prefix: IPPrefix?, query: ListQuery, on db: any Database) async throws -> (
        addresses: [IPAddressRecord], total: Int
    ) {
        let addresses = prefix.map { Self.addresses(in: $0.first...$0.last, on: db) } ?? IPAddressRecord.query(on: db)
        let total = try await addresses.count()
        return (try await addresses.sort(\.$sortKey).range(query.offset..<(query.offset + query.limit)).all(), total)
    }

    static func usage(of prefix: IPPrefix, on db: any Database) async throws -> PrefixUsage {
        try await usages(of: [prefix], on: db)[prefix]!
    }

    /// The usage of many prefixes in a round trip per 200 (SQLite allows 500 parts in one compound select): one index
    /// range count for each, over its usable addresses.
    static func usages(of prefixes: [IPPrefix], on db: any Database) async throws -> [IPPrefix: PrefixUsage] {
        let sql = db.sql
        var used: [Int: Int] = [:]
        for start in stride(from: 0, to: prefixes.count, by: 200) {
            let part = prefixes.indices[start..<min(start + 200, prefixes.count)].map { index in
                let range = prefixes[index].usable
                let query: SQLQueryString = """
                    SELECT \(literal: index) AS i, count(*) AS n FROM \(ident: IPAddressRecord.schema) \
                    WHERE sort_key >= \(bind: range.lowerBound.sortKey) AND sort_key <= \(bind: range.upperBound.sortKey)
                    """
                return query
            }
            for row in try await sql.raw(part.joined(separator: " UNION ALL ")).all() {
                used[try row.decode(column: "i", as: Int.self)] = try row.decode(column: "n", as: Int.self)
            }
        }
        var usages: [IPPrefix: PrefixUsage] = [:]
        for (index, prefix) in prefixes.enumerated() {
            let count = used[index] ?? 0
            usages[prefix] = PrefixUsage(
                prefix: prefix, usedAddresses: count, usableAddresses: prefix.usableCount.flatMap { Int(exactly: $0) },
                utilisationBasisPoints: prefix.utilisationBasisPoints(usedCount: UInt128(count)))
        }
        return usages
    }

    /// The lowest usable address of `prefix` that no stored address takes. Addresses are unique, so a range is full
    /// exactly when it holds as many stored addresses as it is wide: a binary search on counts over the address index
    /// finds the first gap in at most 129 index range counts, without reading the used addresses into the server
    /// (a /16 with 60,000 used takes 17).
    static func nextFree(in prefix: IPPrefix, on db: any Database) async throws -> IPAddress? {
        let family = prefix.family
        func usedCount(_ low: UInt128, _ high: UInt128) async throws -> UInt128 {
            let range = IPAddress(family: family, value: low)...IPAddress(family: family, value: high)
            return UInt128(try await addresses(in: range, on: db).count())
        }
        var low = prefix.usable.lowerBound.value
        var high = prefix.usable.upperBound.value
        // The widths below cannot overflow: the widest usable range (::1 to the last address of ::/0) is 2^128 - 1.
        guard try await usedCount(low, high) <= high - low else { return nil }
        // Invariant: [low, high] holds a free address.
        while low < high {
            let middle = low + (high - low) / 2
            if try await usedCount(low, middle) == middle - low + 1 { low = middle + 1 } else { high = middle }
        }
        return IPAddress(family: family, value: low)
    }
}
