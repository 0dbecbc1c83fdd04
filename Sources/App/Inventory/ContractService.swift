import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Vendors and contracts, the assets a contract covers, the decisions taken on coming term ends, and the deadlines
/// list: notice deadlines, contract ends and warranty ends within a number of days. The date rules are
/// `Domain.ContractTerm`.
struct ContractService: Sendable {
    let app: Application
    let actor: AuditActor

    // MARK: Contracts

    func createContract(_ input: ContractInput) async throws -> Contract {
        try InputCheck.check(input.validate())
        let now = app.services.clock.now()
        let actor = self.actor
        return try await app.write { db in
            let assets = try await input.checkReferences(on: db)
            let contract = Contract()
            input.apply(to: contract)
            contract.assetTags = assets.map(\.tag)
            contract.createdAt = now
            try await contract.insertAudited(on: db, actor: actor, at: now)
            try await Self.link(contract.id!, to: assets.map(\.id), on: db)
            return contract
        }
    }

    func updateContract(_ id: UUID, expectedVersion: Int?, _ input: ContractInput) async throws -> Contract {
        try InputCheck.check(input.validate())
        return try await app.updateAudited(
            Contract.self, id: id, expectedVersion: expectedVersion, actor: actor, load: Self.loadAssetTags
        ) { contract, db in
            let assets = try await input.checkReferences(on: db)
            input.apply(to: contract)
            contract.assetTags = assets.map(\.tag)
            try await Self.link(id, to: assets.map(\.id), on: db)
        }
    }

    /// Records the decision on the contract's coming term end (the one notice given today would end it at), with why.
    func decide(_ id: UUID, expectedVersion: Int?, decision: String, note: String) async throws -> Contract {
        guard let choice = ContractDecision(rawValue: decision) else {
            throw ValidationFailure([FieldError(field: "decision", code: .invalid)])
        }
        if note.count > 2000 { throw ValidationFailure([FieldError(field: "decisionNote", code: .tooLong)]) }
        let today = try await app.organisationToday()
        let now = app.services.clock.now()
        let label = actor.label
        return try await app.updateAudited(
            Contract.self, id: id, expectedVersion: expectedVersion, actor: actor, action: "decide", load: Self.loadAssetTags
        ) { contract, _ in
            guard let end = contract.term?.endForNotice(on: today) else {
                throw ValidationFailure([FieldError(field: "decision", code: .invalid)])
            }
            contract.decision = choice.rawValue
            contract.decisionNote = note.trimmingCharacters(in: .whitespacesAndNewlines)
            contract.decisionForEnd = end.description
            contract.decidedAt = now
            contract.decidedBy = label
        }
    }
}
