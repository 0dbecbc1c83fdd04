import Domain
import Fluent
import Foundation
import Vapor

/// The cost centres: the list with their owners, and the cost centre form.
extension StructurePages {
    struct CostCentresContent: Encodable {
        struct Row: Encodable {
            let href: String?
            let code: String
            let name: String
            let owner: String
        }

        let rows: [Row]
        let canManage: Bool
    }

    func costCentres(_ req: Request) async throws -> Response {
        let centres = try await CostCentre.query(on: req.db).filter(\.$archivedAt == nil).sort(\.$code).all()
        let owners = try await Employee.query(on: req.db).filter(\.$id ~~ centres.compactMap(\.ownerID)).all()
        let names = Dictionary(uniqueKeysWithValues: owners.map { ($0.id!, $0.fullName) })
        let canManage = req.may(.manageStructure)
        return try await req.page(
            "organisation/cost-centres", titleKey: "cost_centres.title",
            CostCentresContent(
                rows: centres.map {
                    .init(
                        href: canManage ? Paths.costCentre.path($0.id!) : nil, code: $0.code, name: $0.name,
                        owner: $0.ownerID.flatMap { names[$0] } ?? "–")
                }, canManage: canManage))
    }

    struct CostCentreForm: Content {
        var code = ""
        var name = ""
        var ownerNumber = ""
        var version: Int?

        init(code: String = "", name: String = "", ownerNumber: String = "", version: Int? = nil) {
            (self.code, self.name, self.ownerNumber, self.version) = (code, name, ownerNumber, version)
        }

        init(from decoder: any Decoder) throws {
            let form = try FormFields(decoder)
            self.init(code: form["code"], name: form["name"], ownerNumber: form["ownerNumber"], version: form.version)
        }
    }

    struct CostCentreFormContent: Encodable {
        let action: String
        let isNew: Bool
        let form: CostCentreForm
        let errors: [String: String]
        let stale: Bool
    }

    func costCentrePage(
        _ req: Request, _ form: CostCentreForm, id: UUID?, errors: ValidationFailure? = nil, stale: Bool = false, status: HTTPStatus = .ok
    ) async throws -> Response {
        var messages = req.fieldMessages(errors)
        if let message = messages.removeValue(forKey: "ownerId") { messages["ownerNumber"] = message }
        let content = CostCentreFormContent(
            action: id.map { Paths.costCentre.path($0) } ?? Paths.costCentres.path, isNew: id == nil, form: form, errors: messages,
            stale: stale)
        return try await req.page(
            "organisation/cost-centre-form", titleKey: id == nil ? "cost_centres.new" : "cost_centres.edit", content, status: status)
    }

    func newCostCentre(_ req: Request) async throws -> Response { try await costCentrePage(req, CostCentreForm(), id: nil) }

    func editCostCentre(_ req: Request) async throws -> Response {
        guard let centre = try await CostCentre.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        return try await costCentrePage(req, try await CostCentreForm(centre, on: req.db), id: centre.id)
    }

    func saveCostCentre(_ req: Request) async throws -> Response {
        let id = req.parameters.get("id").flatMap(UUID.init(uuidString:))
        let form = try req.content.decode(CostCentreForm.self)
        return try await req.submit {
            let owner = try await Employee.byNumber(form.ownerNumber, field: "ownerNumber", on: req.db)
            let input = StructureService.CostCentreInput(code: form.code, name: form.name, ownerID: owner?.id)
            if let id {
                _ = try await structure(req).updateCostCentre(id, expectedVersion: form.version ?? 0, input)
            } else {
                _ = try await structure(req).createCostCentre(input)
            }
            return req.redirect(to: Paths.costCentres.path + "?done=saved", redirectType: .normal)
        } invalid: { failure in
            return try await costCentrePage(req, form, id: id, errors: failure, status: .unprocessableEntity)
        } stale: {
            guard let id, let fresh = try await CostCentre.find(id, on: req.db) else { throw AppError.notFound }
            return try await costCentrePage(req, try await CostCentreForm(fresh, on: req.db), id: id, stale: true, status: .conflict)
        }
    }
}

extension StructurePages.CostCentreForm {
    /// The form as the record stands, the owner named by employee number.
    init(_ centre: CostCentre, on db: any Database) async throws {
        let owner = try await centre.ownerID.asyncMap { try await Employee.find($0, on: db) } ?? nil
        self.init(code: centre.code, name: centre.name, ownerNumber: owner?.employeeNumber ?? "", version: centre.version)
    }
}
