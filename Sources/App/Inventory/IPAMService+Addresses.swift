import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Addresses: checking, recording, changing and removing them.
extension IPAMService {
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
}
