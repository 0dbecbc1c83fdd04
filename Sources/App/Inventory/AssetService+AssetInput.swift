import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// An asset's recorded facts as typed, and their checks.
extension AssetService {
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
}
