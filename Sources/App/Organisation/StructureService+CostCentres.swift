import Domain
import Fluent
import Foundation
import Vapor

extension StructureService {
    struct CostCentreInput: Sendable {
        var code: String
        var name: String
        var ownerID: UUID?

        func validate() -> [FieldError] {
            var errors = [Validate.required(code, field: "code", maxLength: 20), Validate.required(name, field: "name")].compactMap { $0 }
            if !code.trimmingCharacters(in: .whitespaces).allSatisfy({
                $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_")
            }) {
                errors.append(FieldError(field: "code", code: .invalid))
            }
            return errors
        }
    }

    func createCostCentre(_ input: CostCentreInput) async throws -> CostCentre {
        try InputCheck.check(input.validate())
        let centre = CostCentre()
        centre.code = input.code.trimmingCharacters(in: .whitespaces).uppercased()
        centre.name = input.name.trimmingCharacters(in: .whitespaces)
        centre.ownerID = input.ownerID
        centre.createdAt = app.services.clock.now()
        let code = centre.code
        return try await app.createAudited(centre, actor: actor) { db in
            try await InputCheck.unique(CostCentre.query(on: db).filter(\.$code == code), field: "code")
            try await InputCheck.exists(Employee.self, input.ownerID, field: "ownerId", on: db)
        }
    }

    func updateCostCentre(_ id: UUID, expectedVersion: Int?, _ input: CostCentreInput) async throws -> CostCentre {
        try InputCheck.check(input.validate())
        return try await app.updateAudited(CostCentre.self, id: id, expectedVersion: expectedVersion, actor: actor) { centre, db in
            centre.code = input.code.trimmingCharacters(in: .whitespaces).uppercased()
            centre.name = input.name.trimmingCharacters(in: .whitespaces)
            centre.ownerID = input.ownerID
            let code = centre.code
            try await InputCheck.unique(CostCentre.query(on: db).filter(\.$code == code).filter(\.$id != id), field: "code")
            try await InputCheck.exists(Employee.self, input.ownerID, field: "ownerId", on: db)
        }
    }
}
