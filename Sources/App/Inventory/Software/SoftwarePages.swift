import Domain
import Fluent
import Foundation
import Vapor

/// The software pages: products with their licence position, a product's installations and versions, and the
/// compliance report with its CSV.
struct SoftwarePages: Sendable {

    func service(_ req: Request) -> SoftwareService { SoftwareService(app: req.application, actor: req.auditActor) }

    // MARK: Products

    struct ListContent: Encodable {
        let rows: [PositionRow]
        let canManage: Bool
        let canReadReports: Bool
        let action: String
        let isNew: Bool
        let form: ProductForm
        let categories: [Choice]
        let errors: [String: String]
        let stale: Bool
    }

    struct ProductForm: Content {
        var publisher = ""
        var name = ""
        var category = SoftwareCategory.office.rawValue
        var notes = ""
        var version: Int?

        init() {}

        init(from decoder: any Decoder) throws {
            let form = try FormFields(decoder)
            (publisher, name, category, notes, version) = (form["publisher"], form["name"], form["category"], form["notes"], form.version)
        }

        init(_ product: SoftwareProduct) {
            (publisher, name, category, notes, version) = (
                product.publisher, product.name, product.categoryRaw, product.notes, product.version
            )
        }

        var input: SoftwareService.ProductInput { .init(publisher: publisher, name: name, category: category, notes: notes) }
    }

    func list(_ req: Request) async throws -> Response { try await listPage(req, ProductForm(), id: nil) }

    func editProduct(_ req: Request) async throws -> Response {
        guard let product = try await SoftwareProduct.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        return try await listPage(req, ProductForm(product), id: product.id)
    }

    private func listPage(
        _ req: Request, _ form: ProductForm, id: UUID?, errors: ValidationFailure? = nil, stale: Bool = false, status: HTTPStatus = .ok
    ) async throws -> Response {
        let today = try await req.application.organisationToday()
        let rows = try await SoftwareCompliance.positions(on: req.db, today: today).map { PositionRow($0, req) }
        return try await req.page(
            "inventory/software", titleKey: "software.title",
            ListContent(
                rows: rows, canManage: req.may(.manageInventory),
                canReadReports: req.may(.readInventoryReports),
                action: id.map { Paths.softwareProduct.path($0) } ?? Paths.software.path, isNew: id == nil, form: form,
                categories: Choice.list(req, SoftwareCategory.allCases, key: \.labelKey, selected: form.category),
                errors: req.fieldMessages(errors), stale: stale),
            status: status)
    }

    func saveProduct(_ req: Request) async throws -> Response {
        let id = try? req.requireID()
        let form = try req.content.decode(ProductForm.self)
        return try await req.submit {
            let product =
                if let id {
                    try await service(req).updateProduct(id, expectedVersion: form.version ?? 0, form.input)
                } else {
                    try await service(req).createProduct(form.input)
                }
            let done = id == nil ? "created" : "saved"
            return req.redirect(to: Paths.softwareProduct.path(product.id!) + "?done=\(done)", redirectType: .normal)
        } invalid: { failure in
            return try await listPage(req, form, id: id, errors: failure, status: .unprocessableEntity)
        } stale: {
            guard let id, let fresh = try await SoftwareProduct.find(id, on: req.db) else { throw AppError.notFound }
            return try await listPage(req, ProductForm(fresh), id: id, stale: true, status: .conflict)
        }
    }
}
