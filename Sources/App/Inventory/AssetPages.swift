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

    /// The hardware list's columns; the tag names the row and is always shown.
    static let columns = ListColumns(
        list: "hardware",
        columns: [
            .init("tag", "asset.tag", fixed: true), .init("name", "asset.name"), .init("model", "asset.model"), .init("type", "asset.type"),
            .init("status", "asset.status"), .init("holder", "asset.holder"), .init("site", "asset.site"),
            .init("serial", "asset.serial", shownByDefault: false), .init("purchaseDate", "asset.purchase_date", shownByDefault: false),
            .init("purchaseCost", "asset.purchase_cost", shownByDefault: false),
            .init("warrantyEnd", "asset.warranty_end", shownByDefault: false),
        ])

    struct ListContent: Encodable {
        struct Row: Encodable {
            let id: String
            let version: Int
            let href: String
            let tag: String
            let ticked: Bool
            /// The chosen columns after the tag, in order.
            let cells: [TableCell]
        }

        let rows: [Row]
        let q: String
        let types: [Choice]
        let statuses: [Choice]
        let sites: [Choice]
        let columns: [SortLink]
        let chooser: ColumnChooser
        let pager: PagerContent
        let canManage: Bool
        let bulk: BulkContent?
        /// The bulk form's address: the list's own filters, sort and page, so a refusal shows the same rows again.
        let bulkAction: String
    }

    func list(_ req: Request) async throws -> Response {
        try await listPage(req, bulk: [], status: .ok)
    }

    /// The list; after a refused bulk action, with what was refused, the form as filled in and the boxes still ticked.
    func listPage(
        _ req: Request, bulk refusals: [BulkContent.Refusal], error: String? = nil, form: BulkForm? = nil, status: HTTPStatus
    ) async throws -> Response {
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
        let shown = try await req.chosenColumns(Self.columns)
        let none = "–"
        func cell(_ key: String, _ asset: AssetListing) -> TableCell {
            switch key {
            case "name": .init(asset.name)
            case "model": .init(lookups.modelName(asset.modelID))
            case "type": .init(req.t(asset.type.labelKey))
            case "status": .init(req.t(asset.status.labelKey))
            case "holder": .init(Self.holder(asset, employees: employees, sites: places.sites))
            case "site": .init(asset.siteID.flatMap { places.sites[$0] } ?? "")
            case "serial": .init(asset.serial ?? "")
            case "purchaseDate": .init(asset.purchaseDate.map { req.date($0) } ?? none)
            case "purchaseCost": .init(asset.purchaseCost?.formatted(req.language) ?? none, numeric: true)
            case "warrantyEnd": .init(asset.warrantyEnd.map { req.date($0) } ?? none)
            default: .init("")
            }
        }
        let labels = Dictionary(uniqueKeysWithValues: Self.columns.columns.map { ($0.key, req.t($0.labelKey)) })
        let content = ListContent(
            rows: assets.map { asset in
                .init(
                    id: asset.id.uuidString, version: asset.version, href: Paths.hardwareAsset.path(asset.id), tag: asset.tag,
                    ticked: form?.selected[asset.id.uuidString] != nil,
                    cells: shown.dropFirst().map { cell($0, asset).labelled(labels[$0] ?? "") })
            },
            q: filters.q ?? "", types: Choice.list(req, AssetType.allCases, key: \.labelKey, selected: filters.type),
            statuses: Choice.list(req, AssetStatus.allCases, key: \.labelKey, selected: filters.status),
            sites: places.siteChoices(selected: filters.site),
            columns: links.columns(
                shown.compactMap { key in Self.columns.columns.first { $0.key == key } }.map { ($0.key, $0.labelKey) },
                sortable: AssetDirectory.sorts),
            chooser: ColumnChooser(req, Self.columns, shown: shown, back: links.link(offset: query.offset)),
            pager: links.pager(req, shown: assets.count, total: total),
            canManage: req.may(.manageInventory),
            bulk: req.may(.manageInventory) ? BulkContent(req, refusals: refusals, error: error, form: form) : nil,
            bulkAction: Paths.hardwareBulk.path + links.link(offset: query.offset).dropFirst(Paths.hardware.path.count))
        return try await req.page("inventory/assets", titleKey: "asset.title", content, status: status)
    }
}
