import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Hardware: models (with their manufacturers) and assets, the moves of an asset's life, check-out and check-in, and the
/// holder's confirmation of receipt. The rules of which move is allowed are `Domain.AssetLifecycle`; this type checks
/// against what is stored, writes the asset's history next to the audit trail, and never overwrites a concurrent edit.
struct AssetService: Sendable {
    let app: Application
    let actor: AuditActor

    // MARK: Models

    struct ModelInput: Sendable {
        /// The manufacturer's name: an existing one is found without regard to case, a new one is created.
        var manufacturer: String
        var name: String
        /// An `AssetType` raw value, checked with the other fields.
        var type: String
        var endOfLife: String?
        var lifetimeMonths: Int?
        var listPrice: Money?

        func validate() -> [FieldError] {
            var errors = [
                Validate.required(manufacturer, field: "manufacturer", maxLength: 100), Validate.required(name, field: "name"),
            ].compactMap { $0 }
            if AssetType(rawValue: type) == nil { errors.append(FieldError(field: "type", code: .invalid)) }
            if let text = endOfLife?.nilIfEmpty, CalendarDate(text) == nil {
                errors.append(FieldError(field: "endOfLife", code: .dateInvalid))
            }
            if let months = lifetimeMonths, !(1...600).contains(months) {
                errors.append(FieldError(field: "lifetimeMonths", code: .outOfRange))
            }
            if let price = listPrice, price.minorUnits < 0 { errors.append(FieldError(field: "listPrice", code: .outOfRange)) }
            return errors
        }

        func apply(to model: AssetModel, manufacturerID: UUID) {
            model.manufacturerID = manufacturerID
            model.name = name.trimmingCharacters(in: .whitespaces)
            model.typeRaw = type
            model.endOfLifeText = endOfLife?.nilIfEmpty
            model.lifetimeMonths = lifetimeMonths
            model.listPriceMinor = listPrice?.minorUnits
            model.listPriceCurrency = listPrice?.currency.code
        }
    }

    func createModel(_ input: ModelInput) async throws -> AssetModel {
        try InputCheck.check(input.validate())
        let now = app.services.clock.now()
        let actor = self.actor
        return try await app.write { db in
            let model = AssetModel()
            input.apply(to: model, manufacturerID: try await Self.manufacturer(named: input.manufacturer, on: db, actor: actor, at: now))
            try await Self.checkModelUnique(model, on: db)
            model.createdAt = now
            try await model.insertAudited(on: db, actor: actor, at: now)
            return model
        }
    }

    func updateModel(_ id: UUID, expectedVersion: Int?, _ input: ModelInput) async throws -> AssetModel {
        try InputCheck.check(input.validate())
        let now = app.services.clock.now()
        let actor = self.actor
        return try await app.updateAudited(AssetModel.self, id: id, expectedVersion: expectedVersion, actor: actor) { model, db in
            let typeBefore = model.typeRaw
            input.apply(to: model, manufacturerID: try await Self.manufacturer(named: input.manufacturer, on: db, actor: actor, at: now))
            try await Self.checkModelUnique(model, on: db)
            // Assets keep their model's type for filtering; a model that changes type takes its assets along.
            if model.typeRaw != typeBefore {
                try await Asset.query(on: db).filter(\.$modelID == id).set(\.$typeRaw, to: model.typeRaw).update()
            }
        }
    }

    private static func checkModelUnique(_ model: AssetModel, on db: any Database) async throws {
        var query = AssetModel.query(on: db).filter(\.$manufacturerID == model.manufacturerID).filter(\.$name == model.name)
        if let id = model.id { query = query.filter(\.$id != id) }
        try await InputCheck.unique(query, field: "name")
    }

    /// The manufacturer of that name, created (and audited) when there is none yet.
    private static func manufacturer(named name: String, on db: any Database, actor: AuditActor, at now: Date) async throws -> UUID {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        if let existing = try await Manufacturer.query(on: db).filter(\.$nameKey == trimmed.lowercased()).first() { return existing.id! }
        let manufacturer = Manufacturer()
        manufacturer.name = trimmed
        manufacturer.nameKey = trimmed.lowercased()
        manufacturer.createdAt = now
        try await manufacturer.insertAudited(on: db, actor: actor, at: now)
        return manufacturer.id!
    }

    // MARK: Assets

    struct AssetInput: Sendable {
        /// Empty: the next tag with the organisation's prefix.
        var tag: String = ""
        var name: String = ""
        var serial: String?
        var imei: String?
        var modelID: UUID?
        var siteID: UUID?
        var roomID: UUID?
        var purchaseDate: String?
        var purchaseCost: Money?
        var supplier: String = ""
        var orderNumber: String = ""
        var costCentreID: UUID?
        var warrantyEnd: String?
        var notes: String = ""
        /// The custom fields' values by key; nil keeps the stored ones. Checked against the model's type.
        var customValues: [String: String]?

        /// Checks that need no database; every failing field is reported.
        func validate() -> [FieldError] {
            var errors: [FieldError] = []
            let tag = self.tag.trimmingCharacters(in: .whitespaces)
            if !tag.isEmpty { errors += AssetTag.problems(tag, field: "tag") }
            if name.count > 200 { errors.append(FieldError(field: "name", code: .tooLong)) }
            if (serial ?? "").count > 100 { errors.append(FieldError(field: "serial", code: .tooLong)) }
            if let imei = imei?.nilIfEmpty, IMEI.normalised(imei) == nil { errors.append(FieldError(field: "imei", code: .invalid)) }
            if modelID == nil { errors.append(FieldError(field: "modelId", code: .required)) }
            if roomID != nil, siteID == nil { errors.append(FieldError(field: "siteId", code: .required)) }
            let purchase = purchaseDate?.nilIfEmpty.map { CalendarDate($0) }
            let warranty = warrantyEnd?.nilIfEmpty.map { CalendarDate($0) }
            if case .some(.none) = purchase { errors.append(FieldError(field: "purchaseDate", code: .dateInvalid)) }
            if case .some(.none) = warranty { errors.append(FieldError(field: "warrantyEnd", code: .dateInvalid)) }
            if let purchase = purchase ?? nil, let warranty = warranty ?? nil, warranty < purchase {
                errors.append(FieldError(field: "warrantyEnd", code: .endBeforeStart))
            }
            if let cost = purchaseCost, cost.minorUnits < 0 { errors.append(FieldError(field: "purchaseCost", code: .outOfRange)) }
            for (field, value, limit) in [("supplier", supplier, 200), ("orderNumber", orderNumber, 100), ("notes", notes, 5000)]
            where value.count > limit {
                errors.append(FieldError(field: field, code: .tooLong))
            }
            return errors
        }

        func apply(to asset: Asset, model: AssetModel) {
            asset.name = name.trimmingCharacters(in: .whitespaces)
            asset.serial = serial?.trimmingCharacters(in: .whitespaces).nilIfEmpty
            asset.imei = imei?.nilIfEmpty.flatMap(IMEI.normalised)
            asset.modelID = model.id!
            asset.typeRaw = model.typeRaw
            asset.siteID = siteID
            asset.roomID = roomID
            asset.purchaseDateText = purchaseDate?.nilIfEmpty
            asset.purchaseCostMinor = purchaseCost?.minorUnits
            asset.purchaseCostCurrency = purchaseCost?.currency.code
            asset.supplier = supplier.trimmingCharacters(in: .whitespaces)
            asset.orderNumber = orderNumber.trimmingCharacters(in: .whitespaces)
            asset.costCentreID = costCentreID
            asset.warrantyEndText = warrantyEnd?.nilIfEmpty
            asset.notes = notes.trimmingCharacters(in: .whitespacesAndNewlines)
            if let customValues {
                asset.customValuesText = CustomValues.encode(customValues)
            } else if asset.$customValuesText.value == nil {
                asset.customValuesText = CustomValues.encode([:])
            }
            asset.searchText = Asset.searchText(
                tag: asset.tag, name: asset.name, serial: asset.serial, imei: asset.imei, custom: asset.customValues)
        }

        /// Checks against the database, inside the writing transaction; the asset's model, and the input with its
        /// custom values normalised for the model's type.
        func checkReferences(on db: any Database, asset id: UUID?) async throws -> (model: AssetModel, input: AssetInput) {
            var errors: [FieldError] = []
            let model = try await modelID.asyncMap { try await AssetModel.find($0, on: db) } ?? nil
            if model == nil { errors.append(FieldError(field: "modelId", code: .notFound)) }
            if let siteID, try await Site.find(siteID, on: db) == nil { errors.append(FieldError(field: "siteId", code: .notFound)) }
            if let roomID {
                let room = try await Room.find(roomID, on: db)
                if room == nil || room?.$site.id != siteID { errors.append(FieldError(field: "roomId", code: .notFound)) }
            }
            if let costCentreID, try await CostCentre.find(costCentreID, on: db) == nil {
                errors.append(FieldError(field: "costCentreId", code: .notFound))
            }
            if let imei = imei?.nilIfEmpty.flatMap(IMEI.normalised) {
                if let model, !model.type.hasIMEI { errors.append(FieldError(field: "imei", code: .invalid)) }
                var query = Asset.query(on: db).filter(\.$imei == imei)
                if let id { query = query.filter(\.$id != id) }
                if try await query.first() != nil { errors.append(FieldError(field: "imei", code: .taken)) }
            }
            // The same serial number twice for one model is a typing error, not two devices.
            if let serial = serial?.trimmingCharacters(in: .whitespaces).nilIfEmpty, let modelID {
                var query = Asset.query(on: db).filter(\.$serial == serial).filter(\.$modelID == modelID)
                if let id { query = query.filter(\.$id != id) }
                if try await query.first() != nil { errors.append(FieldError(field: "serial", code: .taken)) }
            }
            var checked = self
            if let customValues, let model {
                let (values, problems) = try await CustomFieldSet.load(on: db).check(customValues, for: model.type)
                checked.customValues = values
                errors += problems
            }
            guard let model, errors.isEmpty else { throw ValidationFailure(errors) }
            return (model, checked)
        }
    }

    /// Records a new asset, in stock or (for one on order) ordered. Deploying it is a check-out.
    func create(_ input: AssetInput, status: AssetStatus = .inStock) async throws -> Asset {
        var errors = input.validate()
        if ![.ordered, .inStock].contains(status) { errors.append(FieldError(field: "status", code: .invalid)) }
        try InputCheck.check(errors)
        let now = app.services.clock.now()
        let actor = self.actor
        return try await app.write { db in
            let (model, input) = try await input.checkReferences(on: db, asset: nil)
            let asset = Asset()
            asset.tag = try await Self.tag(for: input.tag, on: db)
            asset.tagKey = asset.tag.uppercased()
            try await InputCheck.unique(Asset.query(on: db).filter(\.$tagKey == asset.tagKey), field: "tag")
            asset.statusRaw = status.rawValue
            input.apply(to: asset, model: model)
            asset.createdAt = now
            try await asset.insertAudited(on: db, actor: actor, at: now)
            try await Self.record(.created, asset: asset, from: nil, actor: actor, at: now, on: db)
            return asset
        }
    }

    /// Changes an asset's recorded facts. Its status and holder change only through `move`.
    func update(_ id: UUID, expectedVersion: Int?, _ input: AssetInput) async throws -> Asset {
        var errors = input.validate()
        if input.tag.trimmingCharacters(in: .whitespaces).isEmpty { errors.append(FieldError(field: "tag", code: .required)) }
        try InputCheck.check(errors)
        return try await app.updateAudited(Asset.self, id: id, expectedVersion: expectedVersion, actor: actor) { asset, db in
            let (model, input) = try await input.checkReferences(on: db, asset: id)
            asset.tag = input.tag.trimmingCharacters(in: .whitespaces)
            asset.tagKey = asset.tag.uppercased()
            try await InputCheck.unique(Asset.query(on: db).filter(\.$tagKey == asset.tagKey).filter(\.$id != id), field: "tag")
            input.apply(to: asset, model: model)
        }
    }

    /// The tag as typed, or the next free one with the organisation's prefix. The highest number in use is found among
    /// the longest tags with the prefix: numbered tags are zero-padded, so within one length they sort by number.
    private static func tag(for typed: String, on db: any Database) async throws -> String {
        let trimmed = typed.trimmingCharacters(in: .whitespaces)
        guard trimmed.isEmpty else { return trimmed }
        let prefix = try await OrganisationSettings.current(on: db).assetTagPrefix
        return AssetTag.next(prefix: prefix, highestUsed: try await highestTagNumber(prefix: prefix, on: db))
    }

    /// The highest number among the tags with the prefix, if any.
    static func highestTagNumber(prefix: String, on db: any Database) async throws -> Int? {
        let key = prefix.uppercased()
        let rows = try await db.sql.raw(
            """
            SELECT tag_key FROM assets WHERE substr(tag_key, 1, \(literal: key.count)) = \(bind: key) \
            ORDER BY length(tag_key) DESC, tag_key DESC LIMIT 100
            """
        ).all()
        return try rows.compactMap { AssetTag.number(of: try $0.decode(column: "tag_key", as: String.self), prefix: key) }.max()
    }

    // MARK: Moves

    /// Who is to hold a deployed asset.
    enum Holder: Sendable, Equatable {
        case employee(UUID)
        case site(UUID)
    }

    struct MoveInput: Sendable {
        /// An `AssetStatus` raw value.
        var to: String
        var reason: String = ""
        var holder: Holder?
        /// A `DisposalMethod` raw value, for disposal.
        var disposalMethod: String?
        var dataWipeConfirmed = false
    }

    /// Moves an asset to another status, as `AssetLifecycle` allows: deploying is checking out to a holder, leaving
    /// deployment ends the holding (returning to stock is checking in). Each move is one history entry and one audit
    /// entry, written with the asset in one transaction.
    func move(_ id: UUID, expectedVersion: Int?, _ input: MoveInput) async throws -> Asset {
        guard let target = AssetStatus(rawValue: input.to) else { throw ValidationFailure([FieldError(field: "status", code: .invalid)]) }
        let disposal = input.disposalMethod?.nilIfEmpty.map { DisposalMethod(rawValue: $0) }
        if case .some(.none) = disposal { throw ValidationFailure([FieldError(field: "disposalMethod", code: .invalid)]) }
        let now = app.services.clock.now()
        let actor = self.actor
        // The audit action names the move as people speak of it; the status it starts from is read again, under the
        // version check, inside the transaction.
        let current = try await Asset.find(id, on: app.db)?.status
        let action = target == .deployed ? "checkout" : (current == .deployed && target == .inStock) ? "checkin" : "move"
        return try await app.updateAudited(Asset.self, id: id, expectedVersion: expectedVersion, actor: actor, action: action) {
            asset, db in
            let from = asset.status
            let previousHolder = (asset.assignedEmployeeID, asset.assignedSiteID)
            var errors = AssetLifecycle.problems(
                .init(
                    from: from, to: target, type: asset.type, reason: input.reason, hasAssignee: input.holder != nil,
                    disposalMethod: disposal ?? nil, dataWipeConfirmed: input.dataWipeConfirmed))
            switch input.holder {
            case .employee(let employeeID)?:
                let employee = try await Employee.find(employeeID, on: db)
                if employee == nil || employee?.status == .left { errors.append(FieldError(field: "assignee", code: .notFound)) }
            case .site(let siteID)?:
                if try await Site.find(siteID, on: db) == nil { errors.append(FieldError(field: "assignee", code: .notFound)) }
            case nil: break
            }
            try InputCheck.check(errors)
            asset.statusRaw = target.rawValue
            if AssetLifecycle.keepsAssignee(target) {
                (asset.assignedEmployeeID, asset.assignedSiteID) =
                    switch input.holder {
                    case .employee(let id)?: (id, nil)
                    case .site(let id)?: (nil, id)
                    case nil: (nil, nil)
                    }
                asset.assignedAt = now
                asset.receiptConfirmedAt = nil
            } else {
                (asset.assignedEmployeeID, asset.assignedSiteID, asset.assignedAt, asset.receiptConfirmedAt) = (nil, nil, nil, nil)
            }
            let kind: AssetEvent.Kind = target == .deployed ? .checkout : (from == .deployed && target == .inStock) ? .checkin : .status
            // A check-in names who returned the asset; every other move, who holds it now.
            try await Self.record(
                kind, asset: asset, from: from, holder: kind == .checkin ? previousHolder : nil, reason: input.reason,
                disposal: disposal ?? nil, wiped: input.dataWipeConfirmed, actor: actor, at: now, on: db)
        }
    }

    /// The holder confirms, in their own view, that they have the asset. Only the employee holding it may, once per
    /// check-out.
    func confirmReceipt(_ id: UUID, by employeeID: UUID) async throws -> Asset {
        let now = app.services.clock.now()
        let actor = self.actor
        return try await app.updateAudited(Asset.self, id: id, expectedVersion: nil, actor: actor, action: "receipt") { asset, db in
            guard asset.status == .deployed, asset.assignedEmployeeID == employeeID else { throw AppError.notFound }
            guard asset.receiptConfirmedAt == nil else { throw AppError.conflict }
            asset.receiptConfirmedAt = now
            try await Self.record(.receipt, asset: asset, from: asset.status, actor: actor, at: now, on: db)
        }
    }

    private static func record(
        _ kind: AssetEvent.Kind, asset: Asset, from: AssetStatus?, holder: (employee: UUID?, site: UUID?)? = nil, reason: String = "",
        disposal: DisposalMethod? = nil, wiped: Bool = false, actor: AuditActor, at now: Date, on db: any Database
    ) async throws {
        let event = AssetEvent()
        event.assetID = asset.id!
        event.sequence = try await AssetEvent.query(on: db).filter(\.$assetID == asset.id!).count() + 1
        event.occurredAt = now
        event.actor = actor.label
        event.kindRaw = kind.rawValue
        event.fromStatus = from?.rawValue
        event.toStatus = asset.statusRaw
        event.employeeID = holder.map(\.employee) ?? asset.assignedEmployeeID
        event.siteID = holder.map(\.site) ?? asset.assignedSiteID
        event.reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        event.disposalMethod = disposal?.rawValue
        event.dataWipeConfirmed = wiped
        event.viaImport = false
        try await event.create(on: db)
    }

    /// An asset's history, newest first.
    static func history(of id: UUID, on db: any Database) async throws -> [AssetEvent] {
        try await AssetEvent.query(on: db).filter(\.$assetID == id).sort(\.$sequence, .descending).limit(500).all()
    }
}
