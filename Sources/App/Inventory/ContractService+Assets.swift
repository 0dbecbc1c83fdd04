import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The assets a contract covers: reading their tags and linking them.
extension ContractService {
    @Sendable static func loadAssetTags(_ contract: Contract, on db: any Database) async throws {
        try await loadAssetTags([contract], on: db)
    }

    /// The covered assets' tags of many contracts, in one query.
    static func loadAssetTags(_ contracts: [Contract], on db: any Database) async throws {
        guard !contracts.isEmpty else { return }
        let rows = try await db.sql.raw(
            """
            SELECT ca.contract_id, a.tag FROM contract_assets ca JOIN assets a ON a.id = ca.asset_id \
            WHERE ca.contract_id IN (\(SQLList(contracts.map { SQLBind($0.id!) }))) ORDER BY a.tag_key
            """
        ).all()
        var tags: [UUID: [String]] = [:]
        for row in rows {
            tags[try row.decode(column: "contract_id", as: UUID.self), default: []].append(try row.decode(column: "tag", as: String.self))
        }
        for contract in contracts { contract.assetTags = tags[contract.id!] ?? [] }
    }

    static func assets(of contractID: UUID, on db: any Database) async throws -> [Asset] {
        let ids = try await db.sql.select().column("asset_id").from("contract_assets")
            .where("contract_id", .equal, contractID).all().map { try $0.decode(column: "asset_id", as: UUID.self) }
        return ids.isEmpty ? [] : try await Asset.query(on: db).filter(\.$id ~~ ids).sort(\.$tagKey).all()
    }

    static func link(_ contractID: UUID, to assets: [UUID], on db: any Database) async throws {
        let sql = db.sql
        try await sql.delete(from: "contract_assets").where("contract_id", .equal, contractID).run()
        guard !assets.isEmpty else { return }
        var insert = sql.insert(into: "contract_assets").columns("contract_id", "asset_id")
        for asset in assets { insert = insert.values(SQLBind(contractID), SQLBind(asset)) }
        try await insert.run()
    }
}
