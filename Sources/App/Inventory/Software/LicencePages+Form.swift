import Domain
import Fluent
import Foundation
import Vapor

/// The licence form: new, edit and save.
extension LicencePages {
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
