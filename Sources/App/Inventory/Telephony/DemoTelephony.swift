import Domain
import Fluent
import Foundation
import Vapor

/// The demo company's telephone numbers, per site: the switchboard number on the telephone system, a direct-dial
/// number and extension for each desk phone (held by the person who holds the phone) and two spare numbers. Numbers
/// are taken from the ranges each country keeps for drama and documentation where there is one, so they reach nobody.
/// Loaded through the service (audited), after the hardware.
enum DemoTelephony {
    struct Plan {
        let site: String
        /// The block the site's numbers are taken from, in international form.
        let block: String
        /// The first extension; a site's extensions follow it.
        let firstExtension: Int
    }

    static let plans = [
        Plan(site: "Tallinn", block: "+372 600 0", firstExtension: 2000),
        Plan(site: "Hamburg", block: "+49 40 999 0", firstExtension: 3000),
        Plan(site: "Stockholm", block: "+46 8 4650 0", firstExtension: 4000),
    ]

    static func load(into app: Application) async throws {
        guard try await TelephoneNumber.query(on: app.db).count() == 0 else { return }
        let service = NumberingService(app: app, actor: .system)
        let sites = try await Site.query(on: app.db).all()
        for plan in plans {
            guard let site = sites.first(where: { $0.name == plan.site }) else { continue }
            let phones = try await Asset.query(on: app.db).filter(\.$siteID == site.id!)
                .filter(\.$typeRaw ~~ [AssetType.pbx.rawValue, AssetType.deskPhone.rawValue]).sort(\.$tag).all()
            var line = 0
            func next() -> String {
                line += 1
                return plan.block + String(format: "%03d", line)
            }
            if let pbx = phones.first(where: { $0.type == .pbx }) {
                _ = try await service.createNumber(
                    .init(
                        number: next(), phoneExtension: String(plan.firstExtension), assetTag: pbx.tag, siteID: site.id,
                        description: "Switchboard"))
            }
            let holders = Dictionary(
                uniqueKeysWithValues: try await Employee.query(on: app.db)
                    .filter(\.$id ~~ Set(phones.compactMap(\.assignedEmployeeID))).all().map { ($0.id!, $0.employeeNumber) })
            for phone in phones where phone.type == .deskPhone {
                let holder = phone.assignedEmployeeID.flatMap { holders[$0] }
                _ = try await service.createNumber(
                    .init(
                        number: next(), phoneExtension: String(plan.firstExtension + line), employeeNumber: holder,
                        assetTag: holder == nil ? phone.tag : nil, siteID: site.id))
            }
            for _ in 0..<2 { _ = try await service.createNumber(.init(number: next(), siteID: site.id, description: "Spare")) }
        }
    }
}
