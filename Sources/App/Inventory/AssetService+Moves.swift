import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The moves of an asset's life: check-out, check-in, other statuses, and the holder's receipt.
extension AssetService {
    // MARK: Moves

    /// Who is to hold a deployed asset.
    enum Holder: Sendable, Equatable {
        case employee(UUID)
        case site(UUID)
    }

    struct MoveInput: Sendable {
        /// An `AssetStatus` raw value.
        var to: String
        var reason: String = ""
        var holder: Holder?
        /// A `DisposalMethod` raw value, for disposal.
        var disposalMethod: String?
        var dataWipeConfirmed = false
    }

    /// Moves an asset to another status, as `AssetLifecycle` allows: deploying is checking out to a holder, leaving
    /// deployment ends the holding (returning to stock is checking in). Each move is one history entry and one audit
    /// entry, written with the asset in one transaction.
    func move(_ id: UUID, expectedVersion: Int?, _ input: MoveInput) async throws -> Asset {
        let now = app.services.clock.now()
        let actor = self.actor
        return try await app.write { db in
            try await Self.move(id, expectedVersion: expectedVersion, input, actor: actor, at: now, on: db)
        }
    }

    /// The move inside a transaction the caller holds, so that several assets move together or not at all.
    static func move(
        _ id: UUID, expectedVersion: Int?, _ input: MoveInput, actor: AuditActor, at now: Date, on db: any Database
    ) async throws -> Asset {
        guard let target = AssetStatus(rawValue: input.to) else { throw ValidationFailure([FieldError(field: "status", code: .invalid)]) }
        let disposal = input.disposalMethod?.nilIfEmpty.map { DisposalMethod(rawValue: $0) }
        if case .some(.none) = disposal { throw ValidationFailure([FieldError(field: "disposalMethod", code: .invalid)]) }
        // The audit action names the move as people speak of it, from the status read inside the transaction.
        let current = try await Asset.find(id, on: db)?.status
        let action = target == .deployed ? "checkout" : (current == .deployed && target == .inStock) ? "checkin" : "move"
        return try await Asset.updateAudited(id: id, expectedVersion: expectedVersion, actor: actor, action: action, at: now, on: db) {
            asset, db in
            let from = asset.status
            let previousHolder = (asset.assignedEmployeeID, asset.assignedSiteID)
            var errors = AssetLifecycle.problems(
                .init(
                    from: from, to: target, type: asset.type, reason: input.reason, hasAssignee: input.holder != nil,
                    disposalMethod: disposal ?? nil, dataWipeConfirmed: input.dataWipeConfirmed))
            switch input.holder {
            case .employee(let employeeID)?:
                let employee = try await Employee.find(employeeID, on: db)
                if employee == nil || employee?.status == .left { errors.append(FieldError(field: "assignee", code: .notFound)) }
            case .site(let siteID)?:
                if try await Site.find(siteID, on: db) == nil { errors.append(FieldError(field: "assignee", code: .notFound)) }
            case nil: break
            }
            try InputCheck.check(errors)
            asset.statusRaw = target.rawValue
            if AssetLifecycle.keepsAssignee(target) {
                (asset.assignedEmployeeID, asset.assignedSiteID) =
                    switch input.holder {
                    case .employee(let id)?: (id, nil)
                    case .site(let id)?: (nil, id)
                    case nil: (nil, nil)
                    }
                asset.assignedAt = now
                asset.receiptConfirmedAt = nil
            } else {
                (asset.assignedEmployeeID, asset.assignedSiteID, asset.assignedAt, asset.receiptConfirmedAt) = (nil, nil, nil, nil)
            }
            let kind: AssetEvent.Kind = target == .deployed ? .checkout : (from == .deployed && target == .inStock) ? .checkin : .status
            // A check-in names who returned the asset; every other move, who holds it now.
            try await Self.record(
                kind, asset: asset, from: from, holder: kind == .checkin ? previousHolder : nil, reason: input.reason,
                disposal: disposal ?? nil, wiped: input.dataWipeConfirmed, actor: actor, at: now, on: db)
        }
    }

    /// The holder confirms, in their own view, that they have the asset. Only the employee holding it may, once per
    /// check-out.
    func confirmReceipt(_ id: UUID, by employeeID: UUID) async throws -> Asset {
        let now = app.services.clock.now()
        let actor = self.actor
        return try await app.updateAudited(Asset.self, id: id, expectedVersion: nil, actor: actor, action: "receipt") { asset, db in
            guard asset.status == .deployed, asset.assignedEmployeeID == employeeID else { throw AppError.notFound }
            guard asset.receiptConfirmedAt == nil else { throw AppError.conflict }
            asset.receiptConfirmedAt = now
            try await Self.record(.receipt, asset: asset, from: asset.status, actor: actor, at: now, on: db)
        }
    }
}
