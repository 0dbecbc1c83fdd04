import Domain
import Fluent
import Foundation
import Vapor

/// An evaluation's criteria and candidates.
extension EvaluationService {
    // MARK: Criteria and candidates

    func addCriterion(_ id: UUID, expectedVersion: Int?, name: String, kind: String, weight: Int?) async throws -> Evaluation {
        var errors = [Validate.required(name, field: "name")].compactMap { $0 }
        let kind = CriterionKind(rawValue: kind)
        if kind == nil { errors.append(FieldError(field: "kind", code: .invalid)) }
        if let weight, !(1...100).contains(weight) { errors.append(FieldError(field: "weight", code: .outOfRange)) }
        if weight == nil { errors.append(FieldError(field: "weight", code: .required)) }
        try InputCheck.check(errors)
        return try await change(id, expectedVersion: expectedVersion, open: true) { _, db in
            let criterion = EvaluationCriterion()
            criterion.evaluationID = id
            criterion.name = name.trimmingCharacters(in: .whitespaces)
            criterion.kindRaw = kind!.rawValue
            criterion.weight = weight!
            criterion.position = try await EvaluationCriterion.query(on: db).filter(\.$evaluationID == id).count() + 1
            try await criterion.create(on: db)
        }
    }

    func removeCriterion(_ criterionID: UUID, expectedVersion: Int?) async throws -> Evaluation {
        guard let criterion = try await EvaluationCriterion.find(criterionID, on: app.db) else { throw AppError.notFound }
        return try await change(criterion.evaluationID, expectedVersion: expectedVersion, open: true) { _, db in
            try await EvaluationScore.query(on: db).filter(\.$criterionID == criterionID).delete()
            try await EvaluationCriterion.query(on: db).filter(\.$id == criterionID).delete()
        }
    }

    struct CandidateInput: Sendable {
        var name: String
        var assetModelID: UUID?
        var softwareProductID: UUID?
        var price: Money?
        var notes = ""
    }

    func addCandidate(_ id: UUID, expectedVersion: Int?, _ input: CandidateInput) async throws -> Evaluation {
        var errors: [FieldError] = []
        if let price = input.price, price.minorUnits < 0 { errors.append(FieldError(field: "price", code: .outOfRange)) }
        if input.notes.count > 2000 { errors.append(FieldError(field: "notes", code: .tooLong)) }
        if input.name.count > 200 { errors.append(FieldError(field: "name", code: .tooLong)) }
        try InputCheck.check(errors)
        return try await change(id, expectedVersion: expectedVersion, open: true) { _, db in
            var name = input.name.trimmingCharacters(in: .whitespaces)
            if let modelID = input.assetModelID {
                guard let model = try await AssetModel.find(modelID, on: db) else {
                    throw ValidationFailure([FieldError(field: "assetModelId", code: .notFound)])
                }
                if name.isEmpty {
                    let maker = try await Manufacturer.find(model.manufacturerID, on: db)?.name ?? ""
                    name = [maker, model.name].filter { !$0.isEmpty }.joined(separator: " ")
                }
            }
            if let productID = input.softwareProductID {
                guard let product = try await SoftwareProduct.find(productID, on: db) else {
                    throw ValidationFailure([FieldError(field: "softwareProductId", code: .notFound)])
                }
                if name.isEmpty { name = product.label }
            }
            guard !name.isEmpty else { throw ValidationFailure([FieldError(field: "name", code: .required)]) }
            let candidate = EvaluationCandidate()
            candidate.evaluationID = id
            candidate.name = name
            candidate.assetModelID = input.assetModelID
            candidate.softwareProductID = input.softwareProductID
            candidate.priceMinor = input.price?.minorUnits
            candidate.priceCurrency = input.price?.currency.code
            candidate.notes = input.notes.trimmingCharacters(in: .whitespacesAndNewlines)
            candidate.position = try await EvaluationCandidate.query(on: db).filter(\.$evaluationID == id).count() + 1
            try await candidate.create(on: db)
        }
    }

    func removeCandidate(_ candidateID: UUID, expectedVersion: Int?) async throws -> Evaluation {
        guard let candidate = try await EvaluationCandidate.find(candidateID, on: app.db) else { throw AppError.notFound }
        return try await change(candidate.evaluationID, expectedVersion: expectedVersion, open: true) { _, db in
            try await EvaluationScore.query(on: db).filter(\.$candidateID == candidateID).delete()
            try await EvaluationCandidate.query(on: db).filter(\.$id == candidateID).delete()
        }
    }
}
