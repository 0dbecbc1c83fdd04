import Domain
import Fluent
import Foundation
import Vapor

/// The vendor and contract pages: vendors with their form, contracts with their terms, covered assets and the decision
/// on the coming term end.
struct ContractPages: Sendable {

    private func service(_ req: Request) -> ContractService { ContractService(app: req.application, actor: req.auditActor) }

    // MARK: Vendors

    struct VendorsContent: Encodable {
        struct Row: Encodable {
            let href: String
            let name: String
            let accountNumber: String
            let contact: String
            let contracts: Int
        }

        let rows: [Row]
        let canManage: Bool
        let action: String
        let isNew: Bool
        let form: VendorForm
        let errors: [String: String]
        let stale: Bool
    }

    struct VendorForm: Content {
        var name = ""
        var accountNumber = ""
        var contactName = ""
        var contactEmail = ""
        var contactPhone = ""
        var website = ""
        var notes = ""
        var version: Int?

        init() {}

        init(from decoder: any Decoder) throws {
            let form = try FormFields(decoder)
            (name, accountNumber, contactName, contactEmail) = (
                form["name"], form["accountNumber"], form["contactName"], form["contactEmail"]
            )
            (contactPhone, website, notes, version) = (form["contactPhone"], form["website"], form["notes"], form.version)
        }

        init(_ vendor: Vendor) {
            (name, accountNumber, contactName, contactEmail) = (vendor.name, vendor.accountNumber, vendor.contactName, vendor.contactEmail)
            (contactPhone, website, notes, version) = (vendor.contactPhone, vendor.website, vendor.notes, vendor.version)
        }

        var input: ContractService.VendorInput {
            .init(
                name: name, accountNumber: accountNumber, contactName: contactName, contactEmail: contactEmail, contactPhone: contactPhone,
                website: website, notes: notes)
        }
    }

    func vendors(_ req: Request) async throws -> Response { try await vendorsPage(req, VendorForm(), id: nil) }

    func editVendor(_ req: Request) async throws -> Response {
        guard let vendor = try await Vendor.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        return try await vendorsPage(req, VendorForm(vendor), id: vendor.id)
    }

    private func vendorsPage(
        _ req: Request, _ form: VendorForm, id: UUID?, errors: ValidationFailure? = nil, stale: Bool = false, status: HTTPStatus = .ok
    ) async throws -> Response {
        let vendors = try await Vendor.query(on: req.db).sort(\.$nameKey).all()
        let counts = try await RowCounts.by("vendor_id", in: Contract.schema, on: req.db)
        let rows = vendors.map {
            VendorsContent.Row(
                href: Paths.vendor.path($0.id!), name: $0.name, accountNumber: $0.accountNumber,
                contact: [$0.contactName, $0.contactEmail, $0.contactPhone].filter { !$0.isEmpty }.joined(separator: " · "),
                contracts: counts[$0.id!] ?? 0)
        }
        return try await req.page(
            "inventory/vendors", titleKey: "vendor.title",
            VendorsContent(
                rows: rows, canManage: req.may(.manageInventory), action: id.map { Paths.vendor.path($0) } ?? Paths.vendors.path,
                isNew: id == nil,
                form: form, errors: req.fieldMessages(errors), stale: stale), status: status)
    }

    func saveVendor(_ req: Request) async throws -> Response {
        let id = try? req.requireID()
        let form = try req.content.decode(VendorForm.self)
        return try await req.submit {
            if let id {
                _ = try await service(req).updateVendor(id, expectedVersion: form.version ?? 0, form.input)
            } else {
                _ = try await service(req).createVendor(form.input)
            }
            return req.redirect(to: Paths.vendors.path + "?done=\(id == nil ? "created" : "saved")", redirectType: .normal)
        } invalid: { failure in
            return try await vendorsPage(req, form, id: id, errors: failure, status: .unprocessableEntity)
        } stale: {
            guard let id, let fresh = try await Vendor.find(id, on: req.db) else { throw AppError.notFound }
            return try await vendorsPage(req, VendorForm(fresh), id: id, stale: true, status: .conflict)
        }
    }

    // MARK: Contracts

    struct ListContent: Encodable {
        struct Row: Encodable {
            let href: String
            let title: String
            let vendor: String
            let kind: String
            let end: String
            let notice: String
            let costPerYear: String
            let decision: String
        }

        let rows: [Row]
        let canManage: Bool
    }

    func list(_ req: Request) async throws -> Response {
        let today = try await req.application.organisationToday()
        let vendors = Dictionary(uniqueKeysWithValues: try await Vendor.query(on: req.db).all().map { ($0.id!, $0.name) })
        // Soonest notice deadline first; contracts without one last, by title.
        let contracts = try await Contract.query(on: req.db).all().map { contract -> (CalendarDate, Contract) in
            (contract.term?.noticeDeadline(on: today) ?? .distantFuture, contract)
        }.sorted { left, right in left.0 != right.0 ? left.0 < right.0 : left.1.title < right.1.title }.map(\.1)
        let date = { (day: CalendarDate) in req.services.localizer.date(day, req.language) }
        let rows = contracts.map { contract in
            ListContent.Row(
                href: Paths.contract.path(contract.id!), title: contract.title, vendor: vendors[contract.vendorID] ?? "",
                kind: req.t(contract.kind.labelKey), end: contract.term?.currentEnd(on: today).map(date) ?? "–",
                notice: contract.term?.noticeDeadline(on: today).map(date) ?? "–",
                costPerYear: contract.cost.map { ContractCost.perYear($0, period: contract.billingPeriod).formatted(req.language) } ?? "–",
                decision: contract.decision.flatMap(ContractDecision.init(rawValue:)).map { req.t($0.labelKey) } ?? "")
        }
        return try await req.page(
            "inventory/contracts", titleKey: "contract.title", ListContent(rows: rows, canManage: req.may(.manageInventory)))
    }

    struct DetailContent: Encodable {
        struct Fact: Encodable {
            let labelKey: String
            let value: String
        }

        struct Covered: Encodable {
            let href: String
            let tag: String
            let name: String
        }

        let id: String
        let title: String
        let facts: [Fact]
        let assets: [Covered]
        let canManage: Bool
        let version: Int
        let decisionFor: String?
        let decisions: [Choice]
        let errors: [String: String]
        let stale: Bool
    }

    func detail(_ req: Request) async throws -> Response {
        try await detailPage(req, id: try req.requireID(), errors: nil)
    }

    private func detailPage(
        _ req: Request, id: UUID, errors: ValidationFailure?, stale: Bool = false, status: HTTPStatus = .ok
    ) async throws -> Response {
        guard let contract = try await Contract.find(id, on: req.db) else { throw AppError.notFound }
        let today = try await req.application.organisationToday()
        let vendor = try await Vendor.find(contract.vendorID, on: req.db)
        let covered = try await ContractService.assets(of: id, on: req.db)
        let costCentre = try await contract.costCentreID.asyncMap { try await CostCentre.find($0, on: req.db) } ?? nil
        let term = contract.term
        let none = "–"
        let number = { req.services.localizer.number($0, req.language) }
        let notice = contract.notice.map { req.t("contract.notice_\($0.unit.rawValue)", ["count": number($0.value)]) } ?? none
        var decision = none
        if let choice = contract.decision.flatMap(ContractDecision.init(rawValue:)) {
            decision = req.t(
                "contract.decided",
                ["decision": req.t(choice.labelKey), "end": contract.decisionForEnd ?? "", "by": contract.decidedBy ?? ""])
            if let note = contract.decisionNote, !note.isEmpty { decision += " — " + note }
        }
        let facts: [DetailContent.Fact] = [
            .init(
                labelKey: "contract.vendor",
                value: vendor.map { [$0.name, $0.accountNumber].filter { !$0.isEmpty }.joined(separator: " · ") } ?? none),
            .init(labelKey: "contract.kind", value: req.t(contract.kind.labelKey)),
            .init(labelKey: "contract.reference", value: contract.reference.nilIfEmpty ?? none),
            .init(labelKey: "contract.start", value: req.date(contract.startDateText)),
            .init(labelKey: "contract.end", value: req.date(contract.endDateText)),
            .init(labelKey: "contract.notice", value: notice),
            .init(
                labelKey: "contract.renewal",
                value: contract.autoRenews
                    ? req.t("contract.renews", ["months": number(contract.renewalMonths)]) : req.t("contract.no_renewal")),
            .init(labelKey: "contract.current_end", value: term?.currentEnd(on: today)?.description ?? none),
            .init(labelKey: "contract.notice_deadline", value: term?.noticeDeadline(on: today)?.description ?? none),
            .init(
                labelKey: "contract.cost",
                value: contract.cost.map {
                    "\($0.formatted(req.language)) \(req.t(contract.billingPeriod.labelKey)) · \(req.t("contract.per_year", ["amount": ContractCost.perYear($0, period: contract.billingPeriod).formatted(req.language)]))"
                } ?? none),
            .init(labelKey: "contract.cost_centre", value: costCentre?.label ?? none),
            .init(labelKey: "contract.decision", value: decision),
            .init(labelKey: "asset.notes", value: contract.notes.nilIfEmpty ?? none),
        ]
        return try await req.page(
            "inventory/contract", titleKey: "contract.title", record: contract.title,
            DetailContent(
                id: id.uuidString, title: contract.title, facts: facts,
                assets: covered.map { .init(href: Paths.hardwareAsset.path($0.id!), tag: $0.tag, name: $0.name) },
                canManage: req.may(.manageInventory),
                version: contract.version, decisionFor: term?.endForNotice(on: today)?.description,
                decisions: ContractDecision.allCases.map {
                    .init(value: $0.rawValue, label: req.t($0.labelKey), selected: $0.rawValue == contract.decision)
                },
                errors: req.fieldMessages(errors), stale: stale),
            status: status)
    }

    struct DecisionForm: Content {
        var decision: String
        var note: String?
        var version: Int
    }

    func decide(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let form = try req.content.decode(DecisionForm.self)
        return try await req.submit {
            _ = try await service(req).decide(id, expectedVersion: form.version, decision: form.decision, note: form.note ?? "")
            return req.redirect(to: Paths.contract.path(id) + "?done=saved", redirectType: .normal)
        } invalid: { failure in
            return try await detailPage(req, id: id, errors: failure, status: .unprocessableEntity)
        } stale: {
            return try await detailPage(req, id: id, errors: nil, stale: true, status: .conflict)
        }
    }

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

/// The deadlines list: what needs a decision soon.
struct DeadlinePages: Sendable {
    static func days(_ req: Request) throws -> Int {
        let days = (try? req.query.get(Int.self, at: "days")) ?? 90
        guard (1...730).contains(days) else { throw ValidationFailure([FieldError(field: "days", code: .outOfRange)]) }
        return days
    }

    struct Content: Encodable {
        struct Row: Encodable {
            let date: String
            let kind: String
            let href: String
            let subject: String
            let due: String
            let overdue: Bool
            let decision: String
        }

        let rows: [Row]
        let horizons: [Choice]
    }

    /// "today", "in 12 days", "3 days ago".
    static func due(_ daysLeft: Int, language: Language, localizer: Localizer) -> String {
        let count = ["count": localizer.number(abs(daysLeft), language)]
        if daysLeft == 0 { return localizer.text("deadline.today", language) }
        return localizer.text(daysLeft > 0 ? "deadline.in_days" : "deadline.days_ago", language, count)
    }

    static func href(_ deadline: ContractService.Deadline) -> String {
        switch deadline.kind {
        case .warrantyEnd: Paths.hardwareAsset.path(deadline.subjectID)
        case .licenceRenewal: Paths.licence.path(deadline.subjectID)
        case .notice, .contractEnd: Paths.contract.path(deadline.subjectID)
        }
    }

    func page(_ req: Request) async throws -> Response {
        let days = try Self.days(req)
        let today = try await req.application.organisationToday()
        let deadlines = try await ContractService.deadlines(on: req.db, today: today, days: days)
        let number = { req.services.localizer.number($0, req.language) }
        let rows = deadlines.map { deadline in
            Content.Row(
                date: req.services.localizer.date(deadline.date, req.language), kind: req.t(deadline.kind.labelKey),
                href: Self.href(deadline),
                subject: deadline.subject,
                due: Self.due(deadline.daysLeft, language: req.language, localizer: req.services.localizer),
                overdue: deadline.daysLeft < 0, decision: deadline.decision.map { req.t($0.labelKey) } ?? "")
        }
        return try await req.page(
            "inventory/deadlines", titleKey: "deadline.title",
            Content(
                rows: rows,
                horizons: [30, 90, 180, 365].map {
                    .init(value: String($0), label: req.t("deadline.within", ["count": number($0)]), selected: $0 == days)
                }))
    }
}
