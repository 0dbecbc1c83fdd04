import Domain
import Fluent
import Foundation
import Vapor

/// The software pages: products with their licence position, a product's installations and versions, and the
/// compliance report with its CSV.
struct SoftwarePages: Sendable {

    private func service(_ req: Request) -> SoftwareService { SoftwareService(app: req.application, actor: req.auditActor) }

    /// A product's position in a row: the numbers, the status and a bar of seats used, idle and missing.
    struct PositionRow: Encodable {
        struct Bar: Encodable {
            let used: Int
            let surplus: Int
            let shortfall: Int
            let label: String
        }

        let href: String
        let product: String
        let category: String
        let status: String
        let statusClass: String
        let entitled: String
        let installations: Int
        let assigned: Int
        let demand: Int
        let surplus: Int
        let shortfall: Int
        let surplusCost: String
        let shortfallCost: String
        let costPerYear: String
        let bar: Bar?

        init(_ row: SoftwareCompliance.Row, _ req: Request) {
            let p = row.position
            let money = { (amounts: [Money]) in amounts.isEmpty ? "–" : amounts.map { $0.formatted(req.language) }.joined(separator: " + ")
            }
            href = Paths.softwareProduct.path(row.product.id!)
            product = row.product.label
            category = req.t(row.product.category.labelKey)
            status = req.t(p.status.labelKey)
            statusClass = p.status.rawValue
            entitled = p.entitled.map(String.init) ?? (p.coveredBySite > 0 ? req.t("compliance.site_covered") : "–")
            (installations, assigned, demand, surplus, shortfall) = (p.installations, p.assigned, p.demand, p.surplus, p.shortfall)
            (surplusCost, shortfallCost, costPerYear) = (money(p.surplusCostPerYear), money(p.shortfallCostPerYear), money(p.costPerYear))
            let scale = max(p.entitled ?? 0, p.demand)
            if scale > 0 {
                let width = { (count: Int) in Int((Double(count) * 160 / Double(scale)).rounded()) }
                bar = Bar(
                    used: width(min(p.entitled ?? 0, p.demand)), surplus: width(p.surplus), shortfall: width(p.shortfall),
                    label: req.t(
                        "compliance.bar",
                        ["demand": String(p.demand), "entitled": p.entitled.map(String.init) ?? "0"]))
            } else {
                bar = nil
            }
        }
    }

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
        let installs = try await SoftwareAPIController.installations(of: id, on: req.db)
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

    // MARK: Compliance

    struct ComplianceContent: Encodable {
        struct Total: Encodable {
            let labelKey: String
            let value: String
        }

        let rows: [PositionRow]
        let totals: [Total]
        let canReadRecords: Bool
    }

    func compliance(_ req: Request) async throws -> Response {
        let today = try await req.application.organisationToday()
        let positions = try await SoftwareCompliance.positions(on: req.db, today: today).filter { $0.position.status != .unused }
        let money = { (amounts: [Money]) in
            let sums = LicencePosition.totals(amounts)
            return sums.isEmpty ? "–" : sums.map { $0.formatted(req.language) }.joined(separator: " + ")
        }
        let totals: [ComplianceContent.Total] = [
            .init(labelKey: "compliance.total_cost", value: money(positions.flatMap(\.position.costPerYear))),
            .init(labelKey: "compliance.total_surplus", value: money(positions.flatMap(\.position.surplusCostPerYear))),
            .init(labelKey: "compliance.total_shortfall", value: money(positions.flatMap(\.position.shortfallCostPerYear))),
            .init(
                labelKey: "compliance.products_short",
                value: String(positions.filter { [.underLicensed, .unlicensed].contains($0.position.status) }.count)),
        ]
        return try await req.page(
            "inventory/compliance", titleKey: "compliance.title",
            ComplianceContent(
                rows: positions.map { PositionRow($0, req) }, totals: totals,
                canReadRecords: req.may(.readInventory)))
    }

    func complianceExport(_ req: Request) async throws -> Response {
        let today = try await req.application.organisationToday()
        let rows = try await SoftwareCompliance.positions(on: req.db, today: today)
        let response = Response(status: .ok, body: .init(string: SoftwareCompliance.csv(rows)))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"licence-compliance-\(today).csv\"")
        return response
    }
}
