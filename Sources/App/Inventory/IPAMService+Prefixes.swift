import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Prefixes: checking, recording, changing and removing them.
extension IPAMService {
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
}
