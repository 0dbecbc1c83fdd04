import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Vendors and contracts, the assets a contract covers, the decisions taken on coming term ends, and the deadlines
/// list: notice deadlines, contract ends and warranty ends within a number of days. The date rules are
/// `Domain.ContractTerm`.
struct ContractService: Sendable {
    let app: Application
    let actor: AuditActor

    // MARK: Vendors

    struct VendorInput: Sendable {
        var name: String
        var accountNumber = ""
        var contactName = ""
        var contactEmail = ""
        var contactPhone = ""
        var website = ""
        var notes = ""

        func validate() -> [FieldError] {
            var errors = [Validate.required(name, field: "name")].compactMap { $0 }
            let email = contactEmail.trimmingCharacters(in: .whitespaces)
            if !email.isEmpty, let error = Validate.email(email, field: "contactEmail") { errors.append(error) }
            if !website.trimmingCharacters(in: .whitespaces).isEmpty, let error = Validate.webAddress(website, field: "website") {
                errors.append(error)
            }
            for (field, value, limit) in [
                ("accountNumber", accountNumber, 100), ("contactName", contactName, 200), ("contactPhone", contactPhone, 40),
                ("website", website, 300), ("notes", notes, 5000),
            ] where value.count > limit {
                errors.append(FieldError(field: field, code: .tooLong))
            }
            return errors
        }

        func apply(to vendor: Vendor) {
            vendor.name = name.trimmingCharacters(in: .whitespaces)
            vendor.nameKey = vendor.name.lowercased()
            vendor.accountNumber = accountNumber.trimmingCharacters(in: .whitespaces)
            vendor.contactName = contactName.trimmingCharacters(in: .whitespaces)
            vendor.contactEmail = contactEmail.normalisedEmail
            vendor.contactPhone = contactPhone.trimmingCharacters(in: .whitespaces)
            vendor.website = website.trimmingCharacters(in: .whitespaces)
            vendor.notes = notes.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    func createVendor(_ input: VendorInput) async throws -> Vendor {
        try InputCheck.check(input.validate())
        let vendor = Vendor()
        input.apply(to: vendor)
        vendor.createdAt = app.services.clock.now()
        return try await app.createAudited(vendor, actor: actor) { db in
            try await InputCheck.unique(Vendor.query(on: db).filter(\.$nameKey == vendor.nameKey), field: "name")
        }
    }

    func updateVendor(_ id: UUID, expectedVersion: Int?, _ input: VendorInput) async throws -> Vendor {
        try InputCheck.check(input.validate())
        return try await app.updateAudited(Vendor.self, id: id, expectedVersion: expectedVersion, actor: actor) { vendor, db in
            input.apply(to: vendor)
            try await InputCheck.unique(
                Vendor.query(on: db).filter(\.$nameKey == vendor.nameKey).filter(\.$id != id), field: "name")
        }
    }

    // MARK: Contracts

    struct ContractInput: Sendable {
        var vendorID: UUID?
        var title: String
        /// A `ContractKind` raw value.
        var kind: String
        var reference = ""
        var startDate: String
        var endDate: String?
        var noticeValue: Int?
        /// A `NoticePeriod.Unit` raw value; required with a notice value.
        var noticeUnit: String?
        var autoRenews = false
        var renewalMonths = 12
        var cost: Money?
        /// A `BillingPeriod` raw value.
        var billingPeriod = BillingPeriod.yearly.rawValue
        var costCentreID: UUID?
        var notes = ""
        /// The covered assets, by tag (without regard to case).
        var assetTags: [String] = []

        /// Every failing field, the terms' rules included; the terms when they hold.
        func validate() -> [FieldError] {
            var errors = [Validate.required(title, field: "title")].compactMap { $0 }
            if vendorID == nil { errors.append(FieldError(field: "vendorId", code: .required)) }
            if ContractKind(rawValue: kind) == nil { errors.append(FieldError(field: "kind", code: .invalid)) }
            if BillingPeriod(rawValue: billingPeriod) == nil { errors.append(FieldError(field: "billingPeriod", code: .invalid)) }
            let start = CalendarDate(startDate)
            if start == nil { errors.append(FieldError(field: "startDate", code: startDate.isEmpty ? .required : .dateInvalid)) }
            let end = endDate?.nilIfEmpty.map { CalendarDate($0) }
            if case .some(.none) = end { errors.append(FieldError(field: "endDate", code: .dateInvalid)) }
            let unit = noticeUnit?.nilIfEmpty.map { NoticePeriod.Unit(rawValue: $0) }
            if case .some(.none) = unit { errors.append(FieldError(field: "noticeUnit", code: .invalid)) }
            if noticeValue != nil, unit == nil { errors.append(FieldError(field: "noticeUnit", code: .required)) }
            if let cost, cost.minorUnits < 0 { errors.append(FieldError(field: "cost", code: .outOfRange)) }
            if reference.count > 100 { errors.append(FieldError(field: "reference", code: .tooLong)) }
            if notes.count > 5000 { errors.append(FieldError(field: "notes", code: .tooLong)) }
            // The terms' own rules, once the dates they relate are readable.
            let endReadable = end.map { $0 != nil } ?? true
            if let start, endReadable {
                let notice = noticeValue.flatMap { value in (unit ?? nil).map { NoticePeriod(value: value, unit: $0) } }
                errors += ContractTerm(start: start, end: end ?? nil, notice: notice, autoRenews: autoRenews, renewalMonths: renewalMonths)
                    .problems()
            }
            return errors
        }

        func apply(to contract: Contract) {
            contract.vendorID = vendorID!
            contract.title = title.trimmingCharacters(in: .whitespaces)
            contract.kindRaw = kind
            contract.reference = reference.trimmingCharacters(in: .whitespaces)
            contract.startDateText = startDate
            contract.endDateText = endDate?.nilIfEmpty
            contract.noticeValue = noticeValue
            contract.noticeUnit = noticeValue == nil ? nil : noticeUnit?.nilIfEmpty
            contract.autoRenews = autoRenews
            contract.renewalMonths = renewalMonths
            contract.costMinor = cost?.minorUnits
            contract.costCurrency = cost?.currency.code
            contract.billingPeriodRaw = billingPeriod
            contract.costCentreID = costCentreID
            contract.notes = notes.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// Checks the references inside the writing transaction; the covered assets' ids and tags.
        func checkReferences(on db: any Database) async throws -> [(id: UUID, tag: String)] {
            var errors: [FieldError] = []
            if let vendorID, try await Vendor.find(vendorID, on: db) == nil {
                errors.append(FieldError(field: "vendorId", code: .notFound))
            }
            if let costCentreID, try await CostCentre.find(costCentreID, on: db) == nil {
                errors.append(FieldError(field: "costCentreId", code: .notFound))
            }
            let keys = Set(assetTags.map { $0.trimmingCharacters(in: .whitespaces).uppercased() }.filter { !$0.isEmpty })
            let assets = keys.isEmpty ? [] : try await Asset.query(on: db).filter(\.$tagKey ~~ Array(keys)).all()
            if assets.count != keys.count {
                let unknown = keys.subtracting(assets.map(\.tagKey)).sorted()
                errors.append(FieldError(field: "assetTags", code: .notFound, value: unknown.joined(separator: ", ")))
            }
            try InputCheck.check(errors)
            return assets.map { ($0.id!, $0.tag) }.sorted { $0.tag < $1.tag }
        }
    }

    func createContract(_ input: ContractInput) async throws -> Contract {
        try InputCheck.check(input.validate())
        let now = app.services.clock.now()
        let actor = self.actor
        return try await app.write { db in
            let assets = try await input.checkReferences(on: db)
            let contract = Contract()
            input.apply(to: contract)
            contract.assetTags = assets.map(\.tag)
            contract.createdAt = now
            try await contract.insertAudited(on: db, actor: actor, at: now)
            try await Self.link(contract.id!, to: assets.map(\.id), on: db)
            return contract
        }
    }

    func updateContract(_ id: UUID, expectedVersion: Int?, _ input: ContractInput) async throws -> Contract {
        try InputCheck.check(input.validate())
        return try await app.updateAudited(
            Contract.self, id: id, expectedVersion: expectedVersion, actor: actor, load: Self.loadAssetTags
        ) { contract, db in
            let assets = try await input.checkReferences(on: db)
            input.apply(to: contract)
            contract.assetTags = assets.map(\.tag)
            try await Self.link(id, to: assets.map(\.id), on: db)
        }
    }

    /// Records the decision on the contract's coming term end (the one notice given today would end it at), with why.
    func decide(_ id: UUID, expectedVersion: Int?, decision: String, note: String) async throws -> Contract {
        guard let choice = ContractDecision(rawValue: decision) else {
            throw ValidationFailure([FieldError(field: "decision", code: .invalid)])
        }
        if note.count > 2000 { throw ValidationFailure([FieldError(field: "decisionNote", code: .tooLong)]) }
        let today = try await app.organisationToday()
        let now = app.services.clock.now()
        let label = actor.label
        return try await app.updateAudited(
            Contract.self, id: id, expectedVersion: expectedVersion, actor: actor, action: "decide", load: Self.loadAssetTags
        ) { contract, _ in
            guard let end = contract.term?.endForNotice(on: today) else {
                throw ValidationFailure([FieldError(field: "decision", code: .invalid)])
            }
            contract.decision = choice.rawValue
            contract.decisionNote = note.trimmingCharacters(in: .whitespacesAndNewlines)
            contract.decisionForEnd = end.description
            contract.decidedAt = now
            contract.decidedBy = label
        }
    }

    @Sendable static func loadAssetTags(_ contract: Contract, on db: any Database) async throws {
        try await loadAssetTags([contract], on: db)
    }

    /// The covered assets' tags of many contracts, in one query.
    static func loadAssetTags(_ contracts: [Contract], on db: any Database) async throws {
        guard !contracts.isEmpty else { return }
        let rows = try await db.sql.raw(
            """
            SELECT ca.contract_id, a.tag FROM contract_assets ca JOIN assets a ON a.id = ca.asset_id \
            WHERE ca.contract_id IN (\(SQLList(contracts.map { SQLBind($0.id!) }))) ORDER BY a.tag_key
            """
        ).all()
        var tags: [UUID: [String]] = [:]
        for row in rows {
            tags[try row.decode(column: "contract_id", as: UUID.self), default: []].append(try row.decode(column: "tag", as: String.self))
        }
        for contract in contracts { contract.assetTags = tags[contract.id!] ?? [] }
    }

    static func assets(of contractID: UUID, on db: any Database) async throws -> [Asset] {
        let ids = try await db.sql.select().column("asset_id").from("contract_assets")
            .where("contract_id", .equal, contractID).all().map { try $0.decode(column: "asset_id", as: UUID.self) }
        return ids.isEmpty ? [] : try await Asset.query(on: db).filter(\.$id ~~ ids).sort(\.$tagKey).all()
    }

    private static func link(_ contractID: UUID, to assets: [UUID], on db: any Database) async throws {
        let sql = db.sql
        try await sql.delete(from: "contract_assets").where("contract_id", .equal, contractID).run()
        guard !assets.isEmpty else { return }
        var insert = sql.insert(into: "contract_assets").columns("contract_id", "asset_id")
        for asset in assets { insert = insert.values(SQLBind(contractID), SQLBind(asset)) }
        try await insert.run()
    }

    // MARK: Deadlines

    struct Deadline: Sendable {
        enum Kind: String, CaseIterable, Sendable {
            /// The last day to give notice on an auto-renewing contract.
            case notice
            /// A contract that does not renew ends.
            case contractEnd = "contract_end"
            /// An asset in use leaves its warranty.
            case warrantyEnd = "warranty_end"
            /// A licence's term ends: it renews (and is paid again) or lapses.
            case licenceRenewal = "licence_renewal"

            var labelKey: String { "deadline.\(rawValue)" }
        }

        let date: CalendarDate
        let kind: Kind
        let subject: String
        let subjectID: UUID
        /// For contracts: the term end the deadline is about, and the decision recorded for it, if any.
        let termEnd: CalendarDate?
        let decision: ContractDecision?
        let daysLeft: Int
    }

    /// Everything due from `today` to `days` days ahead (and deadlines already passed within the last 30 days, which may
    /// still need action), soonest first.
    static func deadlines(on db: any Database, today: CalendarDate, days: Int) async throws -> [Deadline] {
        let horizon = today.adding(days: days)
        let from = today.adding(days: -30)
        var deadlines: [Deadline] = []
        for contract in try await Contract.query(on: db).all() {
            guard let term = contract.term else { continue }
            let kind: Deadline.Kind
            let date: CalendarDate?
            if term.autoRenews {
                (kind, date) = (.notice, term.noticeDeadline(on: today))
            } else {
                (kind, date) = (.contractEnd, term.currentEnd(on: today))
            }
            guard let date, date >= from, date <= horizon else { continue }
            let termEnd = term.endForNotice(on: today)
            let decision =
                contract.decisionForEnd == termEnd?.description ? contract.decision.flatMap(ContractDecision.init(rawValue:)) : nil
            deadlines.append(
                Deadline(
                    date: date, kind: kind, subject: contract.title, subjectID: contract.id!, termEnd: termEnd, decision: decision,
                    daysLeft: today.days(until: date)))
        }
        let inUse = [AssetStatus.inStock, .deployed, .inRepair].map(\.rawValue)
        let assets = try await Asset.query(on: db).filter(\.$statusRaw ~~ inUse)
            .filter(\.$warrantyEndText >= from.description).filter(\.$warrantyEndText <= horizon.description).all()
        let lookups = assets.isEmpty ? nil : try await AssetLookups.load(on: db)
        for asset in assets {
            guard let date = asset.warrantyEndText.flatMap(CalendarDate.init) else { continue }
            // "QM-000085 nb-85", or with the model where the asset has no name of its own.
            let what = asset.name.nilIfEmpty ?? lookups?.modelName(asset.modelID) ?? ""
            deadlines.append(
                Deadline(
                    date: date, kind: .warrantyEnd, subject: what.isEmpty ? asset.tag : "\(asset.tag) \(what)", subjectID: asset.id!,
                    termEnd: nil, decision: nil, daysLeft: today.days(until: date)))
        }
        let products = Dictionary(uniqueKeysWithValues: try await SoftwareProduct.query(on: db).all().map { ($0.id!, $0.label) })
        for licence in try await Licence.query(on: db).filter(\.$renewalDateText != nil).all() {
            guard let date = licence.term?.currentEnd(on: today), date >= from, date <= horizon else { continue }
            deadlines.append(
                Deadline(
                    date: date, kind: .licenceRenewal, subject: "\(products[licence.productID] ?? "") – \(licence.name)",
                    subjectID: licence.id!, termEnd: date, decision: nil, daysLeft: today.days(until: date)))
        }
        return deadlines.sorted { ($0.date, $0.subject) < ($1.date, $1.subject) }
    }
}
