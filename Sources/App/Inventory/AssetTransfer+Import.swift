import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Imports assets from a whole file. Every row is checked first (a dry run reports every problem). Rows are matched to
/// existing assets by tag, or, when the tag is empty, by serial number; matched rows update them, the others are new
/// assets (an empty tag gets the next one with the organisation's prefix). A changed status or holder is a move, as
/// `AssetLifecycle` allows it, written to the asset's history; disposal is left to the asset's page, where the method
/// and the data wipe are recorded.
struct AssetImport: Sendable {
    let app: Application
    let actor: AuditActor

    /// The reason written to the history of every move an import makes.
    /// The reason the lifecycle rule asks for on moves such as retiring; the stored event is marked `via_import`
    /// instead, and shown in the reader's language.
    static let reason = "import"

    struct Move {
        let kind: AssetEvent.Kind
        let from: AssetStatus?
        let to: AssetStatus
        let employee: UUID?
        let site: UUID?
    }

    func run(_ data: [UInt8], commit: Bool, mode: ImportMode = .allOrNothing, language: Language) async throws -> ImportReport {
        var problems = ImportProblems(localizer: app.services.localizer, language: language)
        let db = app.db
        let names = try await AssetTable.Names.load(on: db)
        guard let rows = problems.readTable(data, known: names.header, required: AssetTable.required) else {
            return problems.refused(rows: 0)
        }
        let existing = try await Asset.read(on: db)
        let byTag = Dictionary(existing.map { ($0.tagKey, $0) }, uniquingKeysWith: { first, _ in first })
        let bySerial = Dictionary(grouping: existing.filter { $0.serial != nil }, by: { $0.serial! })
        var imeiOwner = Dictionary(existing.compactMap { a in a.imei.map { ($0, a.id!) } }, uniquingKeysWith: { first, _ in first })
        var serialOwner = Dictionary(
            existing.compactMap { a in a.serial.map { (SerialKey(serial: $0, model: a.modelID), a.id!) } }, uniquingKeysWith: { a, _ in a })
        let manufacturers = try await Manufacturer.query(on: db).all()
        let manufacturerNames = Dictionary(uniqueKeysWithValues: manufacturers.map { ($0.id!, $0.nameKey) })
        let models = Dictionary(
            try await AssetModel.query(on: db).all().map {
                (ModelKey(manufacturer: manufacturerNames[$0.manufacturerID] ?? "", name: $0.name.lowercased()), $0)
            },
            uniquingKeysWith: { first, _ in first })
        let sites = Dictionary(try await Site.query(on: db).all().map { ($0.name.lowercased(), $0.id!) }, uniquingKeysWith: { a, _ in a })
        let rooms = Dictionary(
            try await Room.query(on: db).all().map { (RoomKey(site: $0.$site.id, name: $0.name.lowercased()), $0.id!) },
            uniquingKeysWith: { a, _ in a })
        let centres = Dictionary(try await CostCentre.query(on: db).all().map { ($0.code, $0.id!) }, uniquingKeysWith: { a, _ in a })
        let holders = try await Self.employees(on: db)
        let holderColumnsNamed = problems.header.contains("holder_employee") || problems.header.contains("holder_site")
        let settings = try await OrganisationSettings.current(on: db)
        let explicitTags = Set(rows.compactMap { ($0["tag"] ?? "").trimmingCharacters(in: .whitespaces).uppercased().nilIfEmpty })
        var nextTagNumber = (try await AssetService.highestTagNumber(prefix: settings.assetTagPrefix, on: db) ?? 0) + 1

        let now = app.services.clock.now()
        var plan = ImportPlan<Asset>()
        /// The history entries each created or changed asset gets.
        var moves: [UUID: [Move]] = [:]
        var failedRows = Set<Int>()
        var tagsInFile: [String: Int] = [:]
        var matched = Set<UUID>()
        for (index, fileValues) in rows.enumerated() {
            let row = index + 2
            var failed = false
            func fail(_ column: String, _ code: String) {
                problems.fail(row, column, code)
                failed = true
            }
            func modelNamed(_ values: [String: String]) -> AssetModel? {
                models[
                    ModelKey(
                        manufacturer: ImportRow.trimmed(values["manufacturer"]).lowercased(),
                        name: ImportRow.trimmed(values["model"]).lowercased())]
            }
            let tag = ImportRow.trimmed(fileValues["tag"])
            let serial = ImportRow.trimmed(fileValues["serial"])
            var duplicate = false
            if !tag.isEmpty {
                duplicate = tagsInFile[tag.uppercased()] != nil
                if duplicate { fail("tag", "duplicate_in_file") }
                tagsInFile[tag.uppercased()] = row
            }
            var match: Asset?
            if !tag.isEmpty {
                match = byTag[tag.uppercased()]
            } else if !serial.isEmpty {
                let named = modelNamed(fileValues)
                let candidates = (bySerial[serial] ?? []).filter { named == nil || $0.modelID == named?.id }
                if candidates.count > 1 { fail("serial", "serial_ambiguous") } else { match = candidates.first }
            }
            if let match, !matched.insert(match.id!).inserted, !duplicate { fail(tag.isEmpty ? "serial" : "tag", "duplicate_in_file") }
            // What the file does not name, an existing asset keeps; a status other than deployed, named without a
            // holder, ends the holding.
            var values = fileValues
            if let match {
                var current = ImportRow.stored(names.header, names.row(match))
                if !holderColumnsNamed, let status = ImportRow.trimmed(fileValues["status"]).nilIfEmpty,
                    status.lowercased() != AssetStatus.deployed.rawValue
                {
                    (current["holder_employee"], current["holder_site"]) = ("", "")
                }
                values = ImportRow.values(fileValues, keeping: current)
            }
            func value(_ column: String) -> String { ImportRow.trimmed(values[column]) }
            let model = modelNamed(values)
            if model == nil { fail("model", value("model").isEmpty ? "required" : "not_found") }

            // The status the file names; without one, a holder means deployed and an asset keeps its own.
            var status: AssetStatus?
            if let text = ImportRow.trimmed(fileValues["status"]).nilIfEmpty {
                status = AssetStatus(rawValue: text.lowercased())
                if status == nil { fail("status", "invalid") }
            }
            func named(_ column: String, in map: [String: UUID]) -> UUID? {
                guard !value(column).isEmpty else { return nil }
                guard let id = map[value(column).lowercased()] else {
                    fail(column, "not_found")
                    return nil
                }
                return id
            }
            let siteID = named("site", in: sites)
            var roomID: UUID?
            if !value("room").isEmpty {
                roomID = siteID.flatMap { rooms[RoomKey(site: $0, name: value("room").lowercased())] }
                if roomID == nil { fail("room", siteID == nil && value("site").isEmpty ? "required" : "not_found") }
            }
            let holderSite = named("holder_site", in: sites)
            var holderEmployee: UUID?
            if !value("holder_employee").isEmpty {
                // Someone who has left can be given nothing new, but keeps in the file what they still hold.
                let person = holders[value("holder_employee")]
                holderEmployee = person.flatMap { !$0.hasLeft || $0.id == match?.assignedEmployeeID ? $0.id : nil }
                if holderEmployee == nil { fail("holder_employee", "not_found") }
            }
            if !value("holder_employee").isEmpty, !value("holder_site").isEmpty { fail("holder_site", "invalid") }
            var centre: UUID?
            if !value("cost_centre").isEmpty {
                centre = centres[value("cost_centre").uppercased()]
                if centre == nil { fail("cost_centre", "not_found") }
            }
            var fieldErrors: [FieldError] = []
            let cost = MoneyField.read(
                value("purchase_cost"), currency: value("currency"), defaultCurrency: settings.defaultCurrency, field: "purchaseCost",
                into: &fieldErrors)
            // Custom values, checked against the fields of the model's type; a field of another type must stay empty.
            var custom: [String: String] = [:]
            for key in names.customFields.keys { custom[key] = value("custom.\(key)") }
            if let model {
                let (checked, customErrors) = names.customFields.check(custom, for: model.type)
                custom = checked
                for error in customErrors { fail(error.field, error.code.rawValue) }
            }
            let input = AssetService.AssetInput(
                tag: tag, name: value("name"), serial: serial, imei: value("imei"), modelID: model?.id, siteID: siteID, roomID: roomID,
                purchaseDate: value("purchase_date"), purchaseCost: cost, supplier: value("supplier"), orderNumber: value("order_number"),
                costCentreID: centre, warrantyEnd: value("warranty_end"), notes: values["notes"] ?? "", customValues: custom)
            // The model was reported above, by the name the row gives.
            for error in fieldErrors + input.validate() where error.field != "modelId" {
                fail(AssetTable.columnOfField[error.field] ?? error.field, error.code.rawValue)
            }
            let recordID = match?.id ?? UUID()
            if let imei = input.imei?.nilIfEmpty.flatMap(IMEI.normalised) {
                if let owner = imeiOwner[imei], owner != recordID { fail("imei", "taken") }
                if let model, !model.type.hasIMEI { fail("imei", "invalid") }
                imeiOwner[imei] = recordID
            }
            if let serial = input.serial?.nilIfEmpty, let model {
                let key = SerialKey(serial: serial, model: model.id!)
                if let owner = serialOwner[key], owner != recordID { fail("serial", "taken") }
                serialOwner[key] = recordID
            }
            guard !failed, let model else {
                failedRows.insert(row)
                continue
            }

            // The record as the row would leave it.
            let record = Asset()
            record.id = recordID
            if let match {
                record.tag = tag.isEmpty ? match.tag : tag
            } else if tag.isEmpty {
                // The next number whose tag no row of the file names.
                repeat {
                    record.tag = AssetTag.next(prefix: settings.assetTagPrefix, highestUsed: nextTagNumber - 1)
                    nextTagNumber += 1
                } while explicitTags.contains(record.tag.uppercased())
            } else {
                record.tag = tag
            }
            record.tagKey = record.tag.uppercased()
            input.apply(to: record, model: model)

            // Status and holder: a holder means deployed; an empty status keeps what the asset has.
            let holder: AssetService.Holder? = holderEmployee.map { .employee($0) } ?? holderSite.map { .site($0) }
            let current = match?.status
            let target = status ?? (holder != nil ? .deployed : current ?? .inStock)
            if holder != nil, target != .deployed {
                fail(holderEmployee != nil ? "holder_employee" : "holder_site", "holder_needs_deployed")
            }
            var keptHolder = holder
            if target == .deployed, holder == nil, current == .deployed, let match {
                keptHolder = match.assignedEmployeeID.map { .employee($0) } ?? match.assignedSiteID.map { .site($0) }
            }
            var rowMoves: [Move] = []
            let holderIDs: (UUID?, UUID?) =
                switch keptHolder {
                case .employee(let id)?: (id, nil)
                case .site(let id)?: (nil, id)
                case nil: (nil, nil)
                }
            if target == .disposed, current != .disposed {
                fail("status", "dispose_in_app")
            } else if let match, let current {
                if target != current {
                    for error in AssetLifecycle.problems(
                        .init(from: current, to: target, type: model.type, reason: Self.reason, hasAssignee: keptHolder != nil))
                    {
                        fail(AssetTable.columnOfField[error.field] ?? "status", error.code.rawValue)
                    }
                    if current == .deployed {
                        rowMoves.append(
                            .init(
                                kind: .checkin, from: .deployed, to: .inStock, employee: match.assignedEmployeeID,
                                site: match.assignedSiteID))
                        if target != .inStock {
                            rowMoves.append(
                                .init(
                                    kind: target == .deployed ? .checkout : .status, from: .inStock, to: target, employee: holderIDs.0,
                                    site: holderIDs.1))
                        }
                    } else {
                        rowMoves.append(
                            .init(
                                kind: target == .deployed ? .checkout : .status, from: current, to: target, employee: holderIDs.0,
                                site: holderIDs.1))
                    }
                } else if target == .deployed, (match.assignedEmployeeID, match.assignedSiteID) != holderIDs {
                    // Given to someone else: returned by the one, handed to the other.
                    rowMoves.append(
                        .init(kind: .checkin, from: .deployed, to: .inStock, employee: match.assignedEmployeeID, site: match.assignedSiteID)
                    )
                    rowMoves.append(.init(kind: .checkout, from: .inStock, to: .deployed, employee: holderIDs.0, site: holderIDs.1))
                }
            } else if target == .deployed, keptHolder == nil {
                fail("holder_employee", "required")
            }
            guard !failed else {
                failedRows.insert(row)
                continue
            }
            record.statusRaw = target.rawValue
            (record.assignedEmployeeID, record.assignedSiteID) = target == .deployed ? holderIDs : (nil, nil)
            let sameHolder =
                match.map { ($0.assignedEmployeeID, $0.assignedSiteID) == (record.assignedEmployeeID, record.assignedSiteID) } ?? false
            record.assignedAt = target == .deployed ? (sameHolder ? match?.assignedAt : now) : nil
            record.receiptConfirmedAt = sameHolder ? match?.receiptConfirmedAt : nil
            record.lastSeenAt = match?.lastSeenAt
            if match == nil {
                // A new asset starts in stock (or as it is); one deployed is then checked out, as the demo records it.
                rowMoves = [Move(kind: .created, from: nil, to: target == .deployed ? .inStock : target, employee: nil, site: nil)]
                if target == .deployed {
                    rowMoves.append(.init(kind: .checkout, from: .inStock, to: .deployed, employee: holderIDs.0, site: holderIDs.1))
                }
            }
            if plan.add(record, replacing: match, at: now), !rowMoves.isEmpty { moves[record.id!] = rowMoves }
        }

        let errors = problems.sortedErrors
        let skipped = failedRows.count
        guard mode.writes(commit: commit, errors: errors) else {
            return plan.report(rows: rows.count, skipped: skipped, errors: errors, committed: false)
        }
        try await write(plan, moves: moves, skipped: skipped, at: now)
        if plan.creates.count + plan.changes.count >= 1000 { try await refreshStatistics(of: Asset.schema, on: db) }
        return plan.report(rows: rows.count, skipped: skipped, errors: errors, committed: true)
    }

    private struct ModelKey: Hashable {
        let manufacturer: String
        let name: String
    }

    private struct RoomKey: Hashable {
        let site: UUID
        let name: String
    }

    private struct SerialKey: Hashable {
        let serial: String
        let model: UUID
    }

    /// Every employee by number, and whether they have left.
    private static func employees(on db: any Database) async throws -> [String: (id: UUID, hasLeft: Bool)] {
        struct Row: Decodable {
            let id: UUID
            let employee_number: String
            let status: String
        }
        let rows = try await db.sql.select().column("id").column("employee_number").column("status")
            .from(Employee.schema).all(decoding: Row.self)
        return Dictionary(
            rows.map { ($0.employee_number, (id: $0.id, hasLeft: $0.status == EmploymentStatus.left.rawValue)) },
            uniquingKeysWith: { a, _ in a })
    }
}
