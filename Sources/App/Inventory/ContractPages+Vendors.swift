import Domain
import Fluent
import Foundation
import Vapor

/// Vendors: the list with its form, and saving a vendor.
extension ContractPages {
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
}
