import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Hardware: models (with their manufacturers) and assets, the moves of an asset's life, check-out and check-in, and the
/// holder's confirmation of receipt. The rules of which move is allowed are `Domain.AssetLifecycle`; this type checks
/// against what is stored, writes the asset's history next to the audit trail, and never overwrites a concurrent edit.
struct AssetService: Sendable {
    let app: Application
    let actor: AuditActor

    // MARK: Assets

    /// Records a new asset, in stock or (for one on order) ordered. Deploying it is a check-out.
    func create(_ input: AssetInput, status: AssetStatus = .inStock) async throws -> Asset {
        var errors = input.validate()
        if ![.ordered, .inStock].contains(status) { errors.append(FieldError(field: "status", code: .invalid)) }
        try InputCheck.check(errors)
        let now = app.services.clock.now()
        let actor = self.actor
        return try await app.write { db in
            let (model, input) = try await input.checkReferences(on: db, asset: nil)
            let asset = Asset()
            asset.tag = try await Self.tag(for: input.tag, on: db)
            asset.tagKey = asset.tag.uppercased()
            try await InputCheck.unique(Asset.query(on: db).filter(\.$tagKey == asset.tagKey), field: "tag")
            asset.statusRaw = status.rawValue
            input.apply(to: asset, model: model)
            asset.createdAt = now
            try await asset.insertAudited(on: db, actor: actor, at: now)
            try await Self.record(.created, asset: asset, from: nil, actor: actor, at: now, on: db)
            return asset
        }
    }

    /// Changes an asset's recorded facts. Its status and holder change only through `move`.
    func update(_ id: UUID, expectedVersion: Int?, _ input: AssetInput) async throws -> Asset {
        var errors = input.validate()
        if input.tag.trimmingCharacters(in: .whitespaces).isEmpty { errors.append(FieldError(field: "tag", code: .required)) }
        try InputCheck.check(errors)
        return try await app.updateAudited(Asset.self, id: id, expectedVersion: expectedVersion, actor: actor) { asset, db in
            let (model, input) = try await input.checkReferences(on: db, asset: id)
            asset.tag = input.tag.trimmingCharacters(in: .whitespaces)
            asset.tagKey = asset.tag.uppercased()
            try await InputCheck.unique(Asset.query(on: db).filter(\.$tagKey == asset.tagKey).filter(\.$id != id), field: "tag")
            input.apply(to: asset, model: model)
        }
    }

    /// The tag as typed, or the next free one with the organisation's prefix. The highest number in use is found among
    /// the longest tags with the prefix: numbered tags are zero-padded, so within one length they sort by number.
    private static func tag(for typed: String, on db: any Database) async throws -> String {
        let trimmed = typed.trimmingCharacters(in: .whitespaces)
        guard trimmed.isEmpty else { return trimmed }
        let prefix = try await OrganisationSettings.current(on: db).assetTagPrefix
        return AssetTag.next(prefix: prefix, highestUsed: try await highestTagNumber(prefix: prefix, on: db))
    }

    /// The highest number among the tags with the prefix, if any.
    static func highestTagNumber(prefix: String, on db: any Database) async throws -> Int? {
        let key = prefix.uppercased()
        let rows = try await db.sql.raw(
            """
            SELECT tag_key FROM assets WHERE substr(tag_key, 1, \(literal: key.count)) = \(bind: key) \
            ORDER BY length(tag_key) DESC, tag_key DESC LIMIT 100
            """
        ).all()
        return try rows.compactMap { AssetTag.number(of: try $0.decode(column: "tag_key", as: String.self), prefix: key) }.max()
    }

    static func record(
        _ kind: AssetEvent.Kind, asset: Asset, from: AssetStatus?, holder: (employee: UUID?, site: UUID?)? = nil, reason: String = "",
        disposal: DisposalMethod? = nil, wiped: Bool = false, actor: AuditActor, at now: Date, on db: any Database
    ) async throws {
        let event = AssetEvent()
        event.assetID = asset.id!
        event.sequence = try await AssetEvent.query(on: db).filter(\.$assetID == asset.id!).count() + 1
        event.occurredAt = now
        event.actor = actor.label
        event.kindRaw = kind.rawValue
        event.fromStatus = from?.rawValue
        event.toStatus = asset.statusRaw
        event.employeeID = holder.map(\.employee) ?? asset.assignedEmployeeID
        event.siteID = holder.map(\.site) ?? asset.assignedSiteID
        event.reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        event.disposalMethod = disposal?.rawValue
        event.dataWipeConfirmed = wiped
        event.viaImport = false
        try await event.create(on: db)
    }

    /// An asset's history, newest first.
    static func history(of id: UUID, on db: any Database) async throws -> [AssetEvent] {
        try await AssetEvent.query(on: db).filter(\.$assetID == id).sort(\.$sequence, .descending).limit(500).all()
    }
}
