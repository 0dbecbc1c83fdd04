import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// How full prefixes are, and the next free address.
extension IPAMService {
    /// How full a prefix is.
    struct PrefixUsage: Sendable, Equatable {
        let prefix: IPPrefix
        let usedAddresses: Int
        /// Usable addresses (nil when there are more than fit in an Int, as in most IPv6 prefixes).
        let usableAddresses: Int?
        let utilisationBasisPoints: Int
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
