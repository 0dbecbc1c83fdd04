import Fluent
import Foundation
import Vapor

/// The names a list of maintenance tasks shows: what each is done on, and who it is assigned to.
enum MaintenanceTaskNames {
    /// Tasks' subjects: each asset as "tag name" and each site by name, with their pages.
    static func subjects(of tasks: [MaintenanceTask], on db: any Database) async throws -> [UUID: (String, String)] {
        var subjects: [UUID: (String, String)] = [:]
        let assetIDs = Set(tasks.compactMap(\.assetID))
        if !assetIDs.isEmpty {
            for asset in try await Asset.query(on: db).filter(\.$id ~~ assetIDs).all() {
                subjects[asset.id!] = (
                    [asset.tag, asset.name].filter { !$0.isEmpty }.joined(separator: " "), Paths.hardwareAsset.path(asset.id!)
                )
            }
        }
        let siteIDs = Set(tasks.compactMap(\.siteID))
        if !siteIDs.isEmpty {
            for site in try await Site.query(on: db).filter(\.$id ~~ siteIDs).all() {
                subjects[site.id!] = (site.name, Paths.site.path(site.id!))
            }
        }
        return subjects
    }

    /// Assignees' names by account.
    static func userNames(_ ids: Set<UUID>, on db: any Database) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        return Dictionary(uniqueKeysWithValues: try await User.query(on: db).filter(\.$id ~~ ids).all().map { ($0.id!, $0.name) })
    }
}
