import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Turning what matched into hits: the assets with their model, holder and site, the people with how many assets they hold, and a prefix's enclosing prefix.
extension GlobalSearch {
    /// The longest stored prefix that contains `prefix`, itself excluded.
    static func containing(_ prefix: IPPrefix, on db: any Database) async throws -> IPPrefixRecord? {
        try await IPPrefixRecord.query(on: db)
            .filter(\.$firstKey <= prefix.first.sortKey).filter(\.$lastKey >= prefix.last.sortKey).filter(\.$length < prefix.length)
            .sort(\.$length, .descending).first()
    }

    static func describe(
        _ ranked: [SearchHit<UUID>], assets: [UUID: Asset], details: [UUID: [SearchMatch: String]], on db: any Database
    )
        async throws -> [AssetHit]
    {
        let shown = ranked.compactMap { assets[$0.id] }
        guard !shown.isEmpty else { return [] }
        let lookups = try await AssetLookups.load(models: Set(shown.map(\.modelID)), on: db)
        let holders = try await AssetLookups.employeeNames(shown.compactMap(\.assignedEmployeeID), on: db)
        let siteIDs = Set(shown.compactMap { $0.siteID ?? $0.assignedSiteID })
        let sites =
            siteIDs.isEmpty
            ? [:] : Dictionary(uniqueKeysWithValues: try await Site.query(on: db).filter(\.$id ~~ siteIDs).all().map { ($0.id!, $0.name) })
        return ranked.compactMap { hit in
            guard let asset = assets[hit.id] else { return nil }
            return AssetHit(
                id: hit.id, tag: asset.tag, name: asset.name, model: lookups.modelName(asset.modelID), type: asset.type,
                status: asset.status,
                holder: asset.assignedEmployeeID.flatMap { holders[$0] },
                site: (asset.siteID ?? asset.assignedSiteID).flatMap { sites[$0] },
                match: hit.match, matched: details[hit.id]?[hit.match])
        }
    }

    /// An employee as the search reads them: only what it shows.
    struct Person: Decodable {
        let id: UUID
        let employee_number: String
        let first_name: String
        let last_name: String
        let sort_name: String
        let status: String

        var name: String { "\(first_name) \(last_name)" }
    }

    static func describe(_ people: [Person], on db: any Database) async throws -> [PersonHit] {
        guard !people.isEmpty else { return [] }
        let sql = db.sql
        let rows = try await sql.select().column("assigned_employee_id").column(SQLFunction("count", args: SQLLiteral.all), as: "n")
            .from(Asset.schema).where(SQLIdentifier("assigned_employee_id"), .in, SQLBind.group(people.map(\.id)))
            .groupBy("assigned_employee_id").all()
        var counts: [UUID: Int] = [:]
        for row in rows {
            counts[try row.decode(column: "assigned_employee_id", as: UUID.self)] = try row.decode(column: "n", as: Int.self)
        }
        return people.map {
            PersonHit(
                id: $0.id, employeeNumber: $0.employee_number, name: $0.name, status: EmploymentStatus(rawValue: $0.status) ?? .active,
                assets: counts[$0.id] ?? 0)
        }
    }
}
