import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The hardware pages: the asset list, one asset with its history and moves, the asset and model forms, and each
/// person's own equipment with the confirmation of receipt.
struct AssetPages: Sendable {

    func service(_ req: Request) -> AssetService { AssetService(app: req.application, actor: req.auditActor) }

    /// Who holds an asset, as a list shows it.
    private static func holder(_ asset: AssetListing, employees: [UUID: String], sites: [UUID: String]) -> String {
        if let id = asset.assignedEmployeeID { return employees[id] ?? "" }
        if let id = asset.assignedSiteID { return sites[id] ?? "" }
        return ""
    }

    // MARK: List

    struct ListContent: Encodable {
        struct Row: Encodable {
            let href: String
            let tag: String
            let name: String
            let model: String
            let type: String
            let status: String
            let holder: String
            let site: String
        }

        let rows: [Row]
        let q: String
        let types: [Choice]
        let statuses: [Choice]
        let sites: [Choice]
        let columns: [SortLink]
        let pager: PagerContent
        let canManage: Bool
    }

    func list(_ req: Request) async throws -> Response {
        let (assets, total, query, filters) = try await AssetDirectory.list(req)
        // Only the models shown, as the API's list does.
        let lookups = try await AssetLookups.load(models: Set(assets.map(\.modelID)), on: req.db)
        let places = try await StructureNames.load(on: req.db)
        let employees = try await AssetLookups.employeeNames(assets.compactMap(\.assignedEmployeeID), on: req.db)
        let links = ListLinks(
            .hardware, query: query,
            filters: [
                ("q", filters.q), ("type", filters.type), ("status", filters.status), ("site", filters.site?.uuidString),
                ("model", filters.model?.uuidString), ("employee", filters.employee?.uuidString),
            ])
        let columns = links.columns([
            ("tag", "asset.tag"), ("name", "asset.name"), ("model", "asset.model"), ("type", "asset.type"), ("status", "asset.status"),
            ("holder", "asset.holder"), ("site", "asset.site"),
        ])
        let content = ListContent(
            rows: assets.map {
                .init(
                    href: Paths.hardwareAsset.path($0.id), tag: $0.tag, name: $0.name, model: lookups.modelName($0.modelID),
                    type: req.t($0.type.labelKey), status: req.t($0.status.labelKey),
                    holder: Self.holder($0, employees: employees, sites: places.sites), site: $0.siteID.flatMap { places.sites[$0] } ?? "")
            },
            q: filters.q ?? "", types: Choice.list(req, AssetType.allCases, key: \.labelKey, selected: filters.type),
            statuses: Choice.list(req, AssetStatus.allCases, key: \.labelKey, selected: filters.status),
            sites: places.siteChoices(selected: filters.site), columns: columns,
            pager: links.pager(req, shown: assets.count, total: total),
            canManage: req.may(.manageInventory))
        return try await req.page("inventory/assets", titleKey: "asset.title", content)
    }
}
