import Domain
import Fluent
import Foundation
import Vapor

/// The licence pages: every licence, one licence with its seats and key, and its form.
struct LicencePages: Sendable {

    private func service(_ req: Request) -> SoftwareService { SoftwareService(app: req.application, actor: req.auditActor) }

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

    private func detailPage(
        _ req: Request, id: UUID, revealed: String? = nil, errors: ValidationFailure? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        guard let licence = try await Licence.find(id, on: req.db) else { throw AppError.notFound }
        let product = try await SoftwareProduct.find(licence.productID, on: req.db)
        let today = try await req.application.organisationToday()
        let assignments = try await LicenceAssignment.query(on: req.db).filter(\.$licenceID == id).sort(\.$assignedAt).all()
        let zone = try await req.services.organisation.current(on: req.db).timeZone
        var seats: [DetailContent.Seat] = []
        for assignment in assignments {
            let href =
                assignment.employeeID.map { Paths.employee.path($0) } ?? assignment.assetID.map { Paths.hardwareAsset.path($0) } ?? ""
            seats.append(
                .init(
                    assignee: try await SoftwareService.assigneeLabel(assignment, on: req.db), href: href,
                    assignedAt: req.services.localizer.dateTime(assignment.assignedAt, req.language, timeZone: zone),
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

    struct AssignForm: Content {
        var employeeNumber: String?
        var assetTag: String?
    }

    func assign(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let form = try req.content.decode(AssignForm.self)
        return try await req.submit {
            _ = try await service(req).assign(licence: id, employeeNumber: form.employeeNumber, assetTag: form.assetTag)
            return req.redirect(to: Paths.licence.path(id) + "?done=saved", redirectType: .normal)
        } invalid: { failure in
            return try await detailPage(req, id: id, errors: failure, status: .unprocessableEntity)
        }
    }

    func unassign(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        guard let assignment = try await LicenceAssignment.find(id, on: req.db) else { throw AppError.notFound }
        try await service(req).unassign(id)
        return req.redirect(to: Paths.licence.path(assignment.licenceID) + "?done=saved", redirectType: .normal)
    }

    /// Shows the key once, on this response only (never cached), and audits that it was shown.
    func reveal(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let key = try await service(req).revealKey(id)
        let response = try await detailPage(req, id: id, revealed: key ?? "")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    // MARK: Form

    struct Form: Content {
        var productId = ""
        var vendorId = ""
        var name = ""
        var kind = LicenceKind.perUser.rawValue
        var seats = ""
        var siteId = ""
        var cost = ""
        var currency = ""
        var billing = LicenceBilling.yearly.rawValue
        var startDate = ""
        var renewalDate = ""
        var autoRenews = false
        var renewalMonths = "12"
        var orderNumber = ""
        var costCentreId = ""
        var notes = ""
        var key = ""
        var removeKey = false
        var version: Int?

        init() {}

        init(from decoder: any Decoder) throws {
            let form = try FormFields(decoder)
            (productId, vendorId, name, kind, seats) = (form["productId"], form["vendorId"], form["name"], form["kind"], form["seats"])
            (siteId, cost, currency, billing) = (form["siteId"], form["cost"], form["currency"], form["billing"])
            (startDate, renewalDate, autoRenews, renewalMonths) = (
                form["startDate"], form["renewalDate"], form["autoRenews"] == "on", form["renewalMonths"]
            )
            (orderNumber, costCentreId, notes, key) = (form["orderNumber"], form["costCentreId"], form["notes"], form["key"])
            (removeKey, version) = (form["removeKey"] == "on", form.version)
        }

        init(_ licence: Licence) {
            (productId, vendorId, name, kind) = (
                licence.productID.uuidString, licence.vendorID?.uuidString ?? "", licence.name, licence.kindRaw
            )
            (seats, siteId) = (licence.seats.map(String.init) ?? "", licence.siteID?.uuidString ?? "")
            (cost, currency, billing) = (licence.cost?.plainDecimal ?? "", licence.costCurrency ?? "", licence.billingRaw)
            (startDate, renewalDate, autoRenews) = (licence.startDateText, licence.renewalDateText ?? "", licence.autoRenews)
            (renewalMonths, orderNumber, costCentreId) = (
                String(licence.renewalMonths), licence.orderNumber, licence.costCentreID?.uuidString ?? ""
            )
            (notes, version) = (licence.notes, licence.version)
        }

        func input(defaultCurrency: String) throws(ValidationFailure) -> SoftwareService.LicenceInput {
            var errors: [FieldError] = []
            let seatCount = seats.trimmingCharacters(in: .whitespaces).nilIfEmpty.map { Int($0) }
            if case .some(.none) = seatCount { errors.append(FieldError(field: "seats", code: .invalid)) }
            let renewal = Int(renewalMonths.trimmingCharacters(in: .whitespaces))
            if renewal == nil { errors.append(FieldError(field: "renewalMonths", code: .invalid)) }
            let money = MoneyField.read(cost, currency: currency, defaultCurrency: defaultCurrency, field: "cost", into: &errors)
            // A blank key field keeps the stored key; removing it takes the box ticked.
            let newKey: String? = removeKey ? "" : key.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
            let input = SoftwareService.LicenceInput(
                productID: UUID(uuidString: productId), vendorID: UUID(uuidString: vendorId), name: name, kind: kind,
                seats: seatCount ?? nil, siteID: UUID(uuidString: siteId), cost: money, billing: billing, startDate: startDate,
                renewalDate: renewalDate, autoRenews: autoRenews, renewalMonths: renewal ?? 12, orderNumber: orderNumber,
                costCentreID: UUID(uuidString: costCentreId), notes: notes, key: newKey)
            errors += input.validate()
            if !errors.isEmpty { throw ValidationFailure(errors) }
            return input
        }
    }

    struct FormContent: Encodable {
        let action: String
        let isNew: Bool
        let hasKey: Bool
        let form: Form
        let products: [Choice]
        let vendors: [Choice]
        let kinds: [Choice]
        let billings: [Choice]
        let sites: [Choice]
        let currencies: [Choice]
        let costCentres: [Choice]
        let errors: [String: String]
        let stale: Bool
    }

    private func formPage(
        _ req: Request, _ form: Form, id: UUID?, hasKey: Bool = false, errors: ValidationFailure? = nil, stale: Bool = false,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let products = try await SoftwareProduct.query(on: req.db).sort(\.$nameKey).all()
        let vendors = try await Vendor.query(on: req.db).sort(\.$nameKey).all()
        let sites = try await Site.query(on: req.db).filter(\.$archivedAt == nil).sort(\.$name).all()
        let costCentres = try await CostCentre.query(on: req.db).sort(\.$code).all()
        let defaultCurrency = try await OrganisationSettings.current(on: req.db).defaultCurrency
        let content = FormContent(
            action: id.map { Paths.licence.path($0) } ?? Paths.licences.path, isNew: id == nil, hasKey: hasKey, form: form,
            products: products.map { .init(value: $0.id!.uuidString, label: $0.label, selected: $0.id!.uuidString == form.productId) },
            vendors: vendors.map { .init(value: $0.id!.uuidString, label: $0.name, selected: $0.id!.uuidString == form.vendorId) },
            kinds: Choice.list(req, LicenceKind.allCases, key: \.labelKey, selected: form.kind),
            billings: Choice.list(req, LicenceBilling.allCases, key: \.labelKey, selected: form.billing),
            sites: sites.map { .init(value: $0.id!.uuidString, label: $0.name, selected: $0.id!.uuidString == form.siteId) },
            currencies: Choice.currencies(selected: form.currency.nilIfEmpty ?? defaultCurrency),
            costCentres: Choice.costCentres(costCentres, selected: form.costCentreId), errors: req.fieldMessages(errors), stale: stale)
        return try await req.page("inventory/licence-form", titleKey: id == nil ? "licence.new" : "licence.edit", content, status: status)
    }

    func new(_ req: Request) async throws -> Response {
        var form = Form()
        form.productId = req.query[String.self, at: "product"] ?? ""
        return try await formPage(req, form, id: nil)
    }

    func edit(_ req: Request) async throws -> Response {
        guard let licence = try await Licence.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        return try await formPage(req, Form(licence), id: licence.id, hasKey: licence.keySealed != nil)
    }

    func save(_ req: Request) async throws -> Response {
        let id = try? req.requireID()
        let form = try req.content.decode(Form.self)
        return try await req.submit {
            let input = try form.input(defaultCurrency: try await OrganisationSettings.current(on: req.db).defaultCurrency)
            let licence =
                if let id {
                    try await service(req).updateLicence(id, expectedVersion: form.version ?? 0, input)
                } else {
                    try await service(req).createLicence(input)
                }
            return req.redirect(to: Paths.licence.path(licence.id!) + "?done=\(id == nil ? "created" : "saved")", redirectType: .normal)
        } invalid: { failure in
            var kept = form
            kept.key = ""  // a key typed in is never sent back in a page
            let hasKey = try await id.asyncMap { try await Licence.find($0, on: req.db)?.keySealed != nil } ?? false
            return try await formPage(req, kept, id: id, hasKey: hasKey, errors: failure, status: .unprocessableEntity)
        } stale: {
            guard let id, let fresh = try await Licence.find(id, on: req.db) else { throw AppError.notFound }
            return try await formPage(req, Form(fresh), id: id, hasKey: fresh.keySealed != nil, stale: true, status: .conflict)
        }
    }
}
