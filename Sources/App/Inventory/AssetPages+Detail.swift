import Domain
import Fluent
import Foundation
import Vapor

/// One asset: its facts, custom fields, history, interfaces and maintenance, with the move form.
extension AssetPages {
    struct CustomFact: Encodable {
        let label: String
        let value: String
    }

    struct DetailContent: Encodable {
        struct Fact: Encodable {
            let labelKey: String
            let value: String
            let href: String?
        }

        struct Event: Encodable {
            let when: String
            let actor: String
            let what: String
            let holder: String
            let reason: String
        }

        let id: String
        let tag: String
        let name: String
        let status: String
        let facts: [Fact]
        /// The custom fields of the asset's type, labelled as the organisation named them.
        let custom: [CustomFact]
        let history: [Event]
        let canManage: Bool
        let version: Int
        /// The statuses the asset may move to, other than deployment (checking out) and stock from deployment (checking in).
        let moves: [Choice]
        let canCheckOut: Bool
        let canCheckIn: Bool
        let sites: [Choice]
        let disposalMethods: [Choice]
        /// Whether disposal is among the moves: only then does the form ask how, and whether the storage was wiped.
        let canDispose: Bool
        let storesData: Bool
        let form: MoveForm
        let errors: [String: String]
        let stale: Bool
        let interfaces: [InterfaceRow]
        let interfaceKinds: [Choice]
        /// Its preventive maintenance, for those who read monitoring.
        let maintenance: MaintenanceAssetSection?
    }

    func detail(_ req: Request) async throws -> Response {
        try await detailPage(req, id: try req.requireID(), form: MoveForm(), errors: nil)
    }

    /// The asset's page; `CablingPages` shows it too, with a refused interface form's errors.
    func detailPage(
        _ req: Request, id: UUID, form: MoveForm = MoveForm(), errors: ValidationFailure?, stale: Bool = false, status: HTTPStatus = .ok
    ) async throws -> Response {
        guard let asset = try await Asset.find(id, on: req.db) else { throw AppError.notFound }
        let lookups = try await AssetLookups.load(on: req.db)
        let places = try await StructureNames.load(on: req.db)
        let history = try await AssetService.history(of: id, on: req.db)
        let employees = try await AssetLookups.employeeNames(
            (history.compactMap(\.employeeID) + [asset.assignedEmployeeID].compactMap { $0 }), on: req.db)
        let room = try await asset.roomID.asyncMap { try await Room.find($0, on: req.db) } ?? nil
        let costCentre = try await asset.costCentreID.asyncMap { try await CostCentre.find($0, on: req.db) } ?? nil
        let none = "–"
        let holderValue: String
        if let employeeID = asset.assignedEmployeeID {
            let received =
                asset.receiptConfirmedAt.map {
                    req.t("asset.receipt_confirmed", ["when": req.dateTime($0)])
                }
                ?? req.t("asset.receipt_pending")
            holderValue = "\(employees[employeeID] ?? none) — \(received)"
        } else {
            holderValue = asset.assignedSiteID.flatMap { places.sites[$0] } ?? none
        }
        var facts: [DetailContent.Fact] = [
            .init(labelKey: "asset.model", value: lookups.modelName(asset.modelID), href: nil),
            .init(labelKey: "asset.type", value: req.t(asset.type.labelKey), href: nil),
            .init(labelKey: "asset.serial", value: asset.serial ?? none, href: nil),
            .init(labelKey: "asset.imei", value: asset.imei ?? none, href: nil),
            .init(
                labelKey: "asset.holder", value: holderValue,
                href: asset.assignedEmployeeID.map { Paths.employee.path($0) }),
            .init(labelKey: "asset.site", value: asset.siteID.flatMap { places.sites[$0] } ?? none, href: nil),
            .init(labelKey: "asset.room", value: room?.name ?? none, href: nil),
            .init(labelKey: "asset.purchase_date", value: req.date(asset.purchaseDateText), href: nil),
            .init(labelKey: "asset.purchase_cost", value: asset.purchaseCost?.formatted(req.language) ?? none, href: nil),
            .init(labelKey: "asset.supplier", value: asset.supplier.nilIfEmpty ?? none, href: nil),
            .init(labelKey: "asset.order_number", value: asset.orderNumber.nilIfEmpty ?? none, href: nil),
            .init(labelKey: "asset.cost_centre", value: costCentre?.label ?? none, href: nil),
            .init(labelKey: "asset.warranty_end", value: req.date(asset.warrantyEndText), href: nil),
            .init(labelKey: "asset.notes", value: asset.notes.nilIfEmpty ?? none, href: nil),
        ]
        // Which evaluation chose this model, so that the reason for buying it is one click away.
        if let chosenBy = try await EvaluationService.choosing(model: asset.modelID, on: req.db) {
            facts.insert(.init(labelKey: "asset.chosen_in", value: chosenBy.title, href: Paths.evaluation.path(chosenBy.id!)), at: 1)
        }
        let events = history.map { event in
            var what = req.t("asset.event.\(event.kindRaw)")
            if event.kind == .status, let to = event.toStatus.flatMap(AssetStatus.init(rawValue:)) {
                what += ": " + req.t(to.labelKey)
            }
            if let method = event.disposalMethod.flatMap(DisposalMethod.init(rawValue:)) {
                what += " (" + req.t(method.labelKey) + (event.dataWipeConfirmed ? ", " + req.t("asset.data_wiped") : "") + ")"
            }
            return DetailContent.Event(
                when: req.dateTime(event.occurredAt), actor: event.actor, what: what,
                holder: event.employeeID.flatMap { employees[$0] } ?? event.siteID.flatMap { places.sites[$0] } ?? "",
                reason: event.viaImport && event.reason.isEmpty ? req.t("asset.event.via_import") : event.reason)
        }
        let allowed = AssetLifecycle.allowed[asset.status, default: []]
        let moves = AssetStatus.allCases.filter {
            allowed.contains($0) && $0 != .deployed && !(asset.status == .deployed && $0 == .inStock)
        }
        return try await req.page(
            "inventory/asset", titleKey: "asset.title", record: asset.tag,
            DetailContent(
                id: id.uuidString, tag: asset.tag, name: asset.name.nilIfEmpty ?? lookups.modelName(asset.modelID),
                status: req.t(asset.status.labelKey), facts: facts,
                custom: try await CustomFieldSet.load(on: req.db).definitions(for: asset.type).map {
                    CustomFact(label: $0.label, value: asset.customValues[$0.key] ?? none)
                }, history: events, canManage: req.may(.manageInventory),
                version: asset.version,
                moves: Choice.list(req, moves, key: \.labelKey, selected: form.status),
                canCheckOut: allowed.contains(.deployed), canCheckIn: asset.status == .deployed,
                sites: places.siteChoices(selected: UUID(uuidString: form.siteId)),
                disposalMethods: Choice.list(req, DisposalMethod.allCases, key: \.labelKey, selected: form.disposalMethod),
                canDispose: moves.contains(.disposed),
                storesData: asset.type.storesData, form: form, errors: req.fieldMessages(errors), stale: stale,
                interfaces: try await interfaceRows(of: id, req),
                interfaceKinds: Choice.list(req, InterfaceKind.allCases, key: \.labelKey, selected: InterfaceKind.ethernet.rawValue),
                maintenance: req.may(.readMonitoring) ? try await MaintenanceAssetSection.of(asset, req) : nil),
            status: status)
    }
}
