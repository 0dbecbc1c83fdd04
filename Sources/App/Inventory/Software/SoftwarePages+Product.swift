import Domain
import Fluent
import Foundation
import Vapor

/// One product: its position, versions, installations and licences, and installing and uninstalling it.
extension SoftwarePages {
    // MARK: One product

    struct DetailContent: Encodable {
        struct Version: Encodable {
            let version: String
            let count: Int
        }

        struct Installed: Encodable {
            let assetHref: String
            let tag: String
            let productVersion: String
            let installedOn: String
            let removeAction: String
        }

        struct LicenceRow: Encodable {
            let href: String
            let name: String
            let kind: String
            let seats: String
            let assigned: Int
            let renewal: String
            let inForce: Bool
        }

        let id: String
        let title: String
        let category: String
        let notes: String
        let position: PositionRow
        let versions: [Version]
        let installed: [Installed]
        let licences: [LicenceRow]
        let canManage: Bool
        let installAction: String
        let form: InstallForm
        let errors: [String: String]
    }

    struct InstallForm: Content {
        var assetTag = ""
        var productVersion = ""
        var installedOn = ""

        init() {}

        init(from decoder: any Decoder) throws {
            let form = try FormFields(decoder)
            (assetTag, productVersion, installedOn) = (form["assetTag"], form["productVersion"], form["installedOn"])
        }
    }

    func detail(_ req: Request) async throws -> Response {
        try await detailPage(req, id: try req.requireID(), form: InstallForm())
    }

    private func detailPage(
        _ req: Request, id: UUID, form: InstallForm, errors: ValidationFailure? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        guard let product = try await SoftwareProduct.find(id, on: req.db) else { throw AppError.notFound }
        let today = try await req.application.organisationToday()
        guard let position = try await SoftwareCompliance.positions(on: req.db, today: today, product: id).first else {
            throw AppError.notFound
        }
        let installs = try await SoftwareInstallations.of(id, on: req.db)
        var versions: [String: Int] = [:]
        for install in installs { versions[install.productVersion.nilIfEmpty ?? "–", default: 0] += 1 }
        let licences = try await Licence.query(on: req.db).filter(\.$productID == id).sort(\.$startDateText).all()
        let counts = try await RowCounts.by("licence_id", in: LicenceAssignment.schema, on: req.db)
        let content = DetailContent(
            id: id.uuidString, title: product.label, category: req.t(product.category.labelKey), notes: product.notes,
            position: PositionRow(position, req),
            versions: versions.map { .init(version: $0.key, count: $0.value) }.sorted {
                $0.version.compare($1.version, options: .numeric) == .orderedDescending
            },
            installed: installs.map {
                .init(
                    assetHref: Paths.hardwareAsset.path($0.assetId), tag: $0.assetTag, productVersion: $0.productVersion,
                    installedOn: $0.installedOn ?? "", removeAction: Paths.softwareInstallationRemove.path($0.id))
            },
            licences: licences.map { LicencePages.row($0, assigned: counts[$0.id!] ?? 0, today: today, req) },
            canManage: req.may(.manageInventory), installAction: Paths.softwareInstallations.path(id), form: form,
            errors: req.fieldMessages(errors))
        return try await req.page("inventory/software-product", titleKey: "software.title", record: product.name, content, status: status)
    }

    func install(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let form = try req.content.decode(InstallForm.self)
        return try await req.submit {
            _ = try await service(req).install(
                product: id, assetTag: form.assetTag, productVersion: form.productVersion, installedOn: form.installedOn)
            return req.redirect(to: Paths.softwareProduct.path(id) + "?done=saved", redirectType: .normal)
        } invalid: { failure in
            return try await detailPage(req, id: id, form: form, errors: failure, status: .unprocessableEntity)
        }
    }

    func uninstall(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        guard let install = try await SoftwareInstall.find(id, on: req.db) else { throw AppError.notFound }
        try await service(req).uninstall(id)
        return req.redirect(to: Paths.softwareProduct.path(install.productID) + "?done=saved", redirectType: .normal)
    }
}
