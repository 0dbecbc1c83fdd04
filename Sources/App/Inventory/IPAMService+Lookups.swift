import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The prefix that holds an address or a prefix, and the stored addresses of a range or a page.
extension IPAMService {
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
}
