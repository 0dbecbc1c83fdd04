import Domain
import Fluent
import Foundation
import Vapor

/// The reader's own panels: the equipment they hold and their data.
extension Dashboard {
    func myEquipment(_ req: Request) async throws -> Part {
        let employee = try await req.signedInEmployee()
        guard let employee else {
            return Part(panel: Self.panel(.myEquipment, req, href: .myEquipment, empty: req.t("dashboard.empty.not_linked")))
        }
        let assets = try await Asset.query(on: req.db).filter(\.$assignedEmployeeID == employee.id!).sort(\.$tagKey).all()
        let lookups = try await AssetLookups.load(on: req.db)
        let waiting = assets.filter { $0.receiptConfirmedAt == nil }
        let plural = req.services.localizer.catalogue(req.language)
        var cards = [
            Card(label: req.t("dashboard.card.devices"), value: Self.number(assets.count, req), href: Paths.myEquipment.path, tone: "")
        ]
        if !waiting.isEmpty {
            cards.append(
                Card(
                    label: plural.plural("dashboard.card.awaiting_receipt", count: waiting.count), value: Self.number(waiting.count, req),
                    href: Paths.myEquipment.path, tone: "warn"))
        }
        let rows = assets.map { asset in
            let confirmed = asset.receiptConfirmedAt != nil
            return Row(
                badge: confirmed ? nil : Badge(text: req.t("dashboard.badge.unconfirmed"), style: "due due-due"),
                title: [asset.tag, asset.name].filter { !$0.isEmpty }.joined(separator: " "), href: nil,
                details: [lookups.modelName(asset.modelID)],
                action: confirmed
                    ? nil : Link(label: req.t("asset.confirm_receipt"), href: Paths.myEquipmentReceipt.path(asset.id!)))
        }
        return Part(cards: cards, panel: Self.panel(.myEquipment, req, href: .myEquipment, rows: rows))
    }

    /// Where the reader's own data is: the Art. 15 copy and their usage figures. Links, not figures: the pages behind
    /// them show the data itself.
    func myData(_ req: Request) -> Part {
        let rows = [
            Row(title: req.t("nav.my_data"), href: Paths.myData.path, details: [req.t("dashboard.hint.my_data")]),
            Row(title: req.t("nav.my_usage"), href: Paths.usageMine.path, details: [req.t("dashboard.hint.my_usage")]),
        ]
        return Part(panel: Self.panel(.myData, req, href: .myData, rows: rows))
    }
}
