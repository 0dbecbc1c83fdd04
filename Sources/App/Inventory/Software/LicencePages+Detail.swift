import Domain
import Fluent
import Foundation
import Vapor

/// One licence: its facts and seats, and its key shown once.
extension LicencePages {
    // MARK: One licence

    struct DetailContent: Encodable {
        struct Fact: Encodable {
            let labelKey: String
            let value: String
        }

        struct Seat: Encodable {
            let assignee: String
            let href: String
            let assignedAt: String
            let assignedBy: String
            let removeAction: String
        }

        let id: String
        let title: String
        let productHref: String
        let product: String
        let facts: [Fact]
        let seats: [Seat]
        let canManage: Bool
        let canReveal: Bool
        let hasKey: Bool
        let revealed: String?
        let assignable: Bool
        let byDevice: Bool
        let assignAction: String
        let revealAction: String
        let errors: [String: String]
    }

    func detail(_ req: Request) async throws -> Response {
        try await detailPage(req, id: try req.requireID())
    }

    func detailPage(
        _ req: Request, id: UUID, revealed: String? = nil, errors: ValidationFailure? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        guard let licence = try await Licence.find(id, on: req.db) else { throw AppError.notFound }
        let product = try await SoftwareProduct.find(licence.productID, on: req.db)
        let today = try await req.application.organisationToday()
        let assignments = try await LicenceAssignment.query(on: req.db).filter(\.$licenceID == id).sort(\.$assignedAt).all()
        var seats: [DetailContent.Seat] = []
        for assignment in assignments {
            let href =
                assignment.employeeID.map { Paths.employee.path($0) } ?? assignment.assetID.map { Paths.hardwareAsset.path($0) } ?? ""
            seats.append(
                .init(
                    assignee: try await SoftwareService.assigneeLabel(assignment, on: req.db), href: href,
                    assignedAt: req.dateTime(assignment.assignedAt),
                    assignedBy: assignment.assignedBy, removeAction: Paths.licenceAssignmentRemove.path(assignment.id!)))
        }
        let none = "–"
        let vendor = try await licence.vendorID.asyncMap { try await Vendor.find($0, on: req.db) } ?? nil
        let site = try await licence.siteID.asyncMap { try await Site.find($0, on: req.db) } ?? nil
        let costCentre = try await licence.costCentreID.asyncMap { try await CostCentre.find($0, on: req.db) } ?? nil
        let yearly = licence.entitlement(assigned: seats.count).yearlyCost
        let cost = licence.cost.map { cost in
            var text = "\(cost.formatted(req.language)) \(req.t(licence.billing.labelKey))"
            if licence.billing != .oneTime, let yearly {
                text += " · " + req.t("contract.per_year", ["amount": yearly.formatted(req.language)])
            }
            return text
        }
        let facts: [DetailContent.Fact] = [
            .init(labelKey: "licence.kind", value: req.t(licence.kind.labelKey)),
            .init(
                labelKey: "licence.seats",
                value: licence.seats.map { req.t("licence.seats_used", ["used": String(seats.count), "seats": String($0)]) }
                    ?? site.map { req.t("licence.site_of", ["site": $0.name]) } ?? none),
            .init(labelKey: "contract.vendor", value: vendor?.name ?? none),
            .init(labelKey: "contract.start", value: req.date(licence.startDateText)),
            .init(labelKey: "licence.renewal_date", value: licence.term?.currentEnd(on: today)?.description ?? none),
            .init(
                labelKey: "contract.renewal",
                value: licence.autoRenews
                    ? req.t("contract.renews", ["months": String(licence.renewalMonths)]) : req.t("contract.no_renewal")),
            .init(labelKey: "licence.in_force", value: req.t(licence.isInForce(on: today) ? "licence.yes" : "licence.no")),
            .init(labelKey: "contract.cost", value: cost ?? none),
            .init(labelKey: "asset.order_number", value: licence.orderNumber.nilIfEmpty ?? none),
            .init(labelKey: "asset.cost_centre", value: costCentre?.label ?? none),
            .init(labelKey: "asset.notes", value: licence.notes.nilIfEmpty ?? none),
        ]
        return try await req.page(
            "inventory/licence", titleKey: "licence.title", record: licence.name,
            DetailContent(
                id: id.uuidString, title: licence.name, productHref: Paths.softwareProduct.path(licence.productID),
                product: product?.label ?? "", facts: facts, seats: seats, canManage: req.may(.manageInventory),
                canReveal: req.may(.revealLicenceKeys), hasKey: licence.keySealed != nil,
                revealed: revealed,
                assignable: licence.kind != .site, byDevice: licence.kind == .perDevice, assignAction: Paths.licenceAssignments.path(id),
                revealAction: Paths.licenceReveal.path(id), errors: req.fieldMessages(errors)),
            status: status)
    }

    /// Shows the key once, on this response only (never cached), and audits that it was shown.
    func reveal(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let key = try await service(req).revealKey(id)
        let response = try await detailPage(req, id: id, revealed: key ?? "")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
