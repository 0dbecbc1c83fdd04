import Domain
import Fluent
import Foundation
import Vapor

/// The employee's own equipment, with the confirmation of receipt.
extension AssetPages {
    // MARK: My equipment

    struct MineContent: Encodable {
        struct Row: Encodable {
            let id: String
            let tag: String
            let name: String
            let model: String
            let since: String
            let confirmed: String?
        }

        let rows: [Row]
        let linked: Bool
    }

    func mine(_ req: Request) async throws -> Response {
        let employee = try await req.signedInEmployee()
        let assets =
            try await employee.asyncMap {
                try await Asset.query(on: req.db).filter(\.$assignedEmployeeID == $0.id).sort(\.$tagKey).all()
            } ?? []
        let lookups = try await AssetLookups.load(on: req.db)
        return try await req.page(
            "inventory/mine", titleKey: "asset.mine",
            MineContent(
                rows: assets.map {
                    .init(
                        id: $0.id!.uuidString, tag: $0.tag, name: $0.name, model: lookups.modelName($0.modelID),
                        since: $0.assignedAt.map { req.dateTime($0) } ?? "",
                        confirmed: $0.receiptConfirmedAt.map { req.dateTime($0) })
                }, linked: employee != nil))
    }

    func confirmReceipt(_ req: Request) async throws -> Response {
        guard let employee = try await req.signedInEmployee() else {
            throw AppError.notFound
        }
        _ = try await service(req).confirmReceipt(try req.requireID(), by: employee.id!)
        return req.redirect(to: Paths.myEquipment.path + "?done=saved", redirectType: .normal)
    }
}
