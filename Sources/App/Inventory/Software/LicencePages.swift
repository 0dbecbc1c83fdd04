import Domain
import Fluent
import Foundation
import Vapor

/// The licence pages: every licence, one licence with its seats and key, and its form.
struct LicencePages: Sendable {

    func service(_ req: Request) -> SoftwareService { SoftwareService(app: req.application, actor: req.auditActor) }

    static func row(_ licence: Licence, assigned: Int, today: CalendarDate, _ req: Request) -> SoftwarePages.DetailContent.LicenceRow {
        .init(
            href: Paths.licence.path(licence.id!), name: licence.name, kind: req.t(licence.kind.labelKey),
            seats: licence.seats.map(String.init) ?? "–", assigned: assigned,
            renewal: licence.term?.currentEnd(on: today)?.description ?? "–", inForce: licence.isInForce(on: today))
    }

    struct ListContent: Encodable {
        struct Row: Encodable {
            let product: String
            let productHref: String
            let licence: SoftwarePages.DetailContent.LicenceRow
            let costPerYear: String
        }

        let rows: [Row]
        let canManage: Bool
    }

    func list(_ req: Request) async throws -> Response {
        let today = try await req.application.organisationToday()
        let products = Dictionary(uniqueKeysWithValues: try await SoftwareProduct.query(on: req.db).all().map { ($0.id!, $0) })
        let counts = try await RowCounts.by("licence_id", in: LicenceAssignment.schema, on: req.db)
        let licences = try await Licence.query(on: req.db).all().sorted {
            (products[$0.productID]?.nameKey ?? "", $0.name) < (products[$1.productID]?.nameKey ?? "", $1.name)
        }
        let rows = licences.map { licence in
            ListContent.Row(
                product: products[licence.productID]?.label ?? "", productHref: Paths.softwareProduct.path(licence.productID),
                licence: Self.row(licence, assigned: counts[licence.id!] ?? 0, today: today, req),
                costPerYear: licence.entitlement(assigned: 0).yearlyCost.map { $0.formatted(req.language) } ?? "–")
        }
        return try await req.page(
            "inventory/licences", titleKey: "licence.title", ListContent(rows: rows, canManage: req.may(.manageInventory)))
    }
}
