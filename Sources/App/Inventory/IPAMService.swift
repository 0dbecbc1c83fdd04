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
        var status: IPStatus = .active
        var siteID: UUID?
        var description: String = ""
    }

    struct AddressInput: Sendable {
        /// "10.1.2.3", or with the interface's mask, "10.1.2.3/24".
        var address: String
        var status: IPStatus = .active
        var dnsName: String?
        var description: String = ""
    }

    /// How full a prefix is.
    struct PrefixUsage: Sendable, Equatable {
        let prefix: IPPrefix
        let usedAddresses: Int
        /// Usable addresses (nil when there are more than fit in an Int, as in most IPv6 prefixes).
        let usableAddresses: Int?
        let utilisationBasisPoints: Int
    }

    static func parsePrefix(_ text: String, field: String = "prefix") throws -> IPPrefix {
        do {
            return try IPPrefix(parsing: text.trimmingCharacters(in: .whitespaces))
        } catch {
            throw ValidationFailure([FieldError(field: field, code: error == .hostBitsSet ? .hostBitsSet : .ipInvalid)])
        }
    }

    static func parseAddress(_ text: String) throws -> (address: IPAddress, length: Int?) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
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

    func createPrefix(_ input: PrefixInput) async throws -> IPPrefixRecord {
        let prefix = try Self.parsePrefix(input.prefix)
        if input.description.count > 500 { throw ValidationFailure([FieldError(field: "description", code: .tooLong)]) }
        let record = IPPrefixRecord()
        record.prefixText = prefix.description
        record.length = prefix.length
        record.firstKey = prefix.first.sortKey
        record.lastKey = prefix.last.sortKey
        record.status = input.status.rawValue
        record.siteID = input.siteID
        record.description = input.description.trimmingCharacters(in: .whitespaces)
        record.createdAt = app.services.clock.now()
        return try await app.createAudited(record, actor: actor) { db in
            var errors: [FieldError] = []
            if try await IPPrefixRecord.query(on: db).filter(\.$prefixText == prefix.description).first() != nil {
                errors.append(FieldError(field: "prefix", code: .taken))
            }
            if let site = input.siteID, try await Site.find(site, on: db) == nil {
                errors.append(FieldError(field: "siteId", code: .notFound))
            }
            if !errors.isEmpty { throw ValidationFailure(errors) }
        }
    }

    func createAddress(_ input: AddressInput) async throws -> IPAddressRecord {
        let (address, length) = try Self.parseAddress(input.address)
        var errors: [FieldError] = []
        let dnsName = input.dnsName?.trimmingCharacters(in: .whitespaces).lowercased().nilIfEmpty
        if let dnsName, dnsName.count > 253 || !dnsName.allSatisfy({ $0.isLetter || $0.isNumber || "-._".contains($0) }) {
            errors.append(FieldError(field: "dnsName", code: .invalid))
        }
        if input.description.count > 500 { errors.append(FieldError(field: "description", code: .tooLong)) }
        if !errors.isEmpty { throw ValidationFailure(errors) }
        let record = IPAddressRecord()
        record.addressText = address.description
        record.sortKey = address.sortKey
        record.prefixLength = length
        record.status = input.status.rawValue
        record.dnsName = dnsName
        record.description = input.description.trimmingCharacters(in: .whitespaces)
        record.createdAt = app.services.clock.now()
        return try await app.createAudited(record, actor: actor) { db in
            // Duplicate-address detection: one routing domain, so an address is entered once.
            if try await IPAddressRecord.query(on: db).filter(\.$sortKey == address.sortKey).first() != nil {
                throw ValidationFailure([FieldError(field: "address", code: .taken)])
            }
        }
    }

    /// The longest stored prefix that contains `prefix` (not itself).
    static func parent(of prefix: IPPrefix, on db: any Database) async throws -> IPPrefix? {
        try await IPPrefixRecord.query(on: db)
            .filter(\.$firstKey <= prefix.first.sortKey).filter(\.$lastKey >= prefix.last.sortKey)
            .filter(\.$length < prefix.length)
            .sort(\.$length, .descending).first()?.prefix
    }

    static func usage(of prefix: IPPrefix, on db: any Database) async throws -> PrefixUsage {
        let range = prefix.usable
        let sql = db as! any SQLDatabase
        let used =
            try await sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from(IPAddressRecord.schema)
            .where("sort_key", .greaterThanOrEqual, range.lowerBound.sortKey).where("sort_key", .lessThanOrEqual, range.upperBound.sortKey)
            .first()?.decode(column: "n", as: Int.self) ?? 0
        return PrefixUsage(
            prefix: prefix, usedAddresses: used,
            usableAddresses: prefix.usableCount.flatMap { Int(exactly: $0) },
            utilisationBasisPoints: prefix.utilisationBasisPoints(usedCount: UInt128(used)))
    }

    /// The lowest usable address of `prefix` that no stored address takes. Addresses are unique, so a range is full
    /// exactly when it holds as many stored addresses as it is wide: a binary search on counts over the address index
    /// finds the first gap in at most 129 index range counts, without reading the used addresses into the server
    /// (a /16 with 60,000 used takes 17).
    static func nextFree(in prefix: IPPrefix, on db: any Database) async throws -> IPAddress? {
        let sql = db as! any SQLDatabase
        let family = prefix.family
        func usedCount(_ low: UInt128, _ high: UInt128) async throws -> UInt128 {
            let count =
                try await sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from(IPAddressRecord.schema)
                .where("sort_key", .greaterThanOrEqual, IPAddress(family: family, value: low).sortKey)
                .where("sort_key", .lessThanOrEqual, IPAddress(family: family, value: high).sortKey)
                .first()?.decode(column: "n", as: Int.self) ?? 0
            return UInt128(count)
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
