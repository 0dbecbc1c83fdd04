import Domain
import Fluent
import Foundation
import Vapor

/// The contract form: new, edit and save.
extension ContractPages {
    // MARK: Contract form

    struct Form: Content {
        var vendorId = ""
        var title = ""
        var kind = ContractKind.support.rawValue
        var reference = ""
        var startDate = ""
        var endDate = ""
        var noticeValue = ""
        var noticeUnit = NoticePeriod.Unit.months.rawValue
        var autoRenews = false
        var renewalMonths = "12"
        var cost = ""
        var currency = ""
        var billingPeriod = BillingPeriod.yearly.rawValue
        var costCentreId = ""
        var assetTags = ""
        var notes = ""
        var version: Int?

        init() {}

        init(from decoder: any Decoder) throws {
            let form = try FormFields(decoder)
            (vendorId, title, kind, reference) = (form["vendorId"], form["title"], form["kind"], form["reference"])
            (startDate, endDate, noticeValue, noticeUnit) = (form["startDate"], form["endDate"], form["noticeValue"], form["noticeUnit"])
            (autoRenews, renewalMonths, cost, currency) = (
                form["autoRenews"] == "on", form["renewalMonths"], form["cost"], form["currency"]
            )
            (billingPeriod, costCentreId, assetTags, notes) = (
                form["billingPeriod"], form["costCentreId"], form["assetTags"], form["notes"]
            )
            version = form.version
        }

        init(_ contract: Contract) {
            (vendorId, title, kind, reference) = (contract.vendorID.uuidString, contract.title, contract.kindRaw, contract.reference)
            (startDate, endDate) = (contract.startDateText, contract.endDateText ?? "")
            (noticeValue, noticeUnit) = (
                contract.noticeValue.map(String.init) ?? "", contract.noticeUnit ?? NoticePeriod.Unit.months.rawValue
            )
            (autoRenews, renewalMonths) = (contract.autoRenews, String(contract.renewalMonths))
            (cost, currency) = (contract.cost?.plainDecimal ?? "", contract.costCurrency ?? "")
            (billingPeriod, costCentreId) = (contract.billingPeriodRaw, contract.costCentreID?.uuidString ?? "")
            (assetTags, notes, version) = (contract.assetTags.joined(separator: ", "), contract.notes, contract.version)
        }

        func input(defaultCurrency: String) throws(ValidationFailure) -> ContractService.ContractInput {
            var errors: [FieldError] = []
            let notice = noticeValue.trimmingCharacters(in: .whitespaces).nilIfEmpty.map { Int($0) }
            if case .some(.none) = notice { errors.append(FieldError(field: "noticeValue", code: .invalid)) }
            let renewal = Int(renewalMonths.trimmingCharacters(in: .whitespaces))
            if renewal == nil { errors.append(FieldError(field: "renewalMonths", code: .invalid)) }
            let money = MoneyField.read(cost, currency: currency, defaultCurrency: defaultCurrency, field: "cost", into: &errors)
            let input = ContractService.ContractInput(
                vendorID: UUID(uuidString: vendorId), title: title, kind: kind, reference: reference, startDate: startDate,
                endDate: endDate,
                noticeValue: notice ?? nil, noticeUnit: noticeUnit, autoRenews: autoRenews, renewalMonths: renewal ?? 12, cost: money,
                billingPeriod: billingPeriod, costCentreID: UUID(uuidString: costCentreId), notes: notes,
                assetTags: assetTags.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" }).map(String.init))
            errors += input.validate()
            if !errors.isEmpty { throw ValidationFailure(errors) }
            return input
        }
    }

    struct FormContent: Encodable {
        let action: String
        let isNew: Bool
        let form: Form
        let vendors: [Choice]
        let kinds: [Choice]
        let units: [Choice]
        let periods: [Choice]
        let currencies: [Choice]
        let costCentres: [Choice]
        let errors: [String: String]
        let stale: Bool
    }

    private func formPage(
        _ req: Request, _ form: Form, id: UUID?, errors: ValidationFailure? = nil, stale: Bool = false, status: HTTPStatus = .ok
    ) async throws -> Response {
        let vendors = try await Vendor.query(on: req.db).sort(\.$nameKey).all()
        let costCentres = try await CostCentre.query(on: req.db).sort(\.$code).all()
        let defaultCurrency = try await OrganisationSettings.current(on: req.db).defaultCurrency
        let currency = form.currency.nilIfEmpty ?? defaultCurrency
        let content = FormContent(
            action: id.map { Paths.contract.path($0) } ?? Paths.contracts.path, isNew: id == nil, form: form,
            vendors: vendors.map { .init(value: $0.id!.uuidString, label: $0.name, selected: $0.id!.uuidString == form.vendorId) },
            kinds: Choice.list(req, ContractKind.allCases, key: \.labelKey, selected: form.kind),
            units: Choice.list(req, NoticePeriod.Unit.allCases, key: { "contract.unit.\($0.rawValue)" }, selected: form.noticeUnit),
            periods: Choice.list(req, BillingPeriod.allCases, key: \.labelKey, selected: form.billingPeriod),
            currencies: Choice.currencies(selected: currency),
            costCentres: Choice.costCentres(costCentres, selected: form.costCentreId),
            errors: req.fieldMessages(errors), stale: stale)
        return try await req.page(
            "inventory/contract-form", titleKey: id == nil ? "contract.new" : "contract.edit", content, status: status)
    }

    func new(_ req: Request) async throws -> Response { try await formPage(req, Form(), id: nil) }

    func edit(_ req: Request) async throws -> Response {
        guard let contract = try await Contract.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        try await ContractService.loadAssetTags(contract, on: req.db)
        return try await formPage(req, Form(contract), id: contract.id)
    }

    func save(_ req: Request) async throws -> Response {
        let id = try? req.requireID()
        let form = try req.content.decode(Form.self)
        return try await req.submit {
            let input = try form.input(defaultCurrency: try await OrganisationSettings.current(on: req.db).defaultCurrency)
            let contract =
                if let id {
                    try await service(req).updateContract(id, expectedVersion: form.version ?? 0, input)
                } else {
                    try await service(req).createContract(input)
                }
            return req.redirect(to: Paths.contract.path(contract.id!) + "?done=\(id == nil ? "created" : "saved")", redirectType: .normal)
        } invalid: { failure in
            return try await formPage(req, form, id: id, errors: failure, status: .unprocessableEntity)
        } stale: {
            guard let id, let fresh = try await Contract.find(id, on: req.db) else { throw AppError.notFound }
            try await ContractService.loadAssetTags(fresh, on: req.db)
            return try await formPage(req, Form(fresh), id: id, stale: true, status: .conflict)
        }
    }
}
