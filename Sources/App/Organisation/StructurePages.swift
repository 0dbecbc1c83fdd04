import Domain
import Fluent
import Foundation
import Vapor

/// The org chart and the forms for departments, sites (with rooms) and cost centres.
struct StructurePages: Sendable {

    private func structure(_ req: Request) -> StructureService { StructureService(app: req.application, actor: req.auditActor) }

    // MARK: Org chart and departments

    struct ChartContent: Encodable {
        struct Node: Encodable {
            let name: String
            let href: String?
            let manager: String
            let managerHref: String?
            let headCount: String
            let totalHeadCount: String
            let depth: Int
        }

        let nodes: [Node]
        let canManage: Bool
        let canReadPeople: Bool
    }

    func orgChart(_ req: Request) async throws -> Response {
        let roots = try await OrgChart.build(on: req.db)
        let canManage = req.may(.manageStructure)
        let canReadPeople = req.may(.readPeople)
        var nodes: [ChartContent.Node] = []
        func walk(_ node: OrgChartNode, _ depth: Int) {
            nodes.append(
                .init(
                    name: node.name,
                    href: canManage
                        ? Paths.department.path(node.id) : (canReadPeople ? Paths.employees.path + "?department=\(node.id)" : nil),
                    manager: node.managerName ?? "–", managerHref: canReadPeople ? node.managerId.map { Paths.employee.path($0) } : nil,
                    headCount: req.services.localizer.catalogue(req.language).plural("org.people", count: node.headCount),
                    totalHeadCount: req.services.localizer.number(node.totalHeadCount, req.language), depth: min(depth, 6)))
            for child in node.children { walk(child, depth + 1) }
        }
        for root in roots { walk(root, 0) }
        return try await req.page(
            "organisation/chart", titleKey: "org.title", ChartContent(nodes: nodes, canManage: canManage, canReadPeople: canReadPeople))
    }

    struct DepartmentForm: Content {
        var name = ""
        var parentId = ""
        var managerNumber = ""
        var costCentreId = ""
        var siteId = ""
        var version: Int?

        init(
            name: String = "", parentId: String = "", managerNumber: String = "", costCentreId: String = "", siteId: String = "",
            version: Int? = nil
        ) {
            (self.name, self.parentId, self.managerNumber, self.costCentreId, self.siteId, self.version) =
                (name, parentId, managerNumber, costCentreId, siteId, version)
        }

        init(from decoder: any Decoder) throws {
            let form = try FormFields(decoder)
            self.init(
                name: form["name"], parentId: form["parentId"], managerNumber: form["managerNumber"], costCentreId: form["costCentreId"],
                siteId: form["siteId"], version: form.version)
        }
    }

    struct DepartmentFormContent: Encodable {
        let action: String
        let isNew: Bool
        let form: DepartmentForm
        let parents: [Choice]
        let costCentres: [Choice]
        let sites: [Choice]
        let errors: [String: String]
        let stale: Bool
    }

    private func departmentPage(
        _ req: Request, _ form: DepartmentForm, id: UUID?, errors: ValidationFailure? = nil, stale: Bool = false, status: HTTPStatus = .ok
    ) async throws -> Response {
        let lookups = try await StructureNames.load(on: req.db)
        let centres = try await CostCentre.query(on: req.db).group(.or) {
            $0.filter(\.$archivedAt == nil).filter(\.$id == UUID(uuidString: form.costCentreId) ?? UUID())
        }.sort(\.$code).all()
        var messages = req.fieldMessages(errors)
        if let message = messages.removeValue(forKey: "managerId") { messages["managerNumber"] = message }
        let content = DepartmentFormContent(
            action: id.map { Paths.department.path($0) } ?? Paths.departments.path, isNew: id == nil, form: form,
            parents: lookups.departmentChoices(selected: UUID(uuidString: form.parentId)).filter { $0.value != id?.uuidString },
            costCentres: Choice.costCentres(centres, selected: form.costCentreId),
            sites: lookups.siteChoices(selected: UUID(uuidString: form.siteId)), errors: messages, stale: stale)
        return try await req.page(
            "organisation/department-form", titleKey: id == nil ? "departments.new" : "departments.edit", content, status: status)
    }

    func newDepartment(_ req: Request) async throws -> Response {
        try await departmentPage(req, DepartmentForm(), id: nil)
    }

    func editDepartment(_ req: Request) async throws -> Response {
        guard let department = try await Department.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        return try await departmentPage(req, try await DepartmentForm(department, on: req.db), id: department.id)
    }

    func saveDepartment(_ req: Request) async throws -> Response {
        let id = req.parameters.get("id").flatMap(UUID.init(uuidString:))
        let form = try req.content.decode(DepartmentForm.self)
        return try await req.submit {
            let input = try await form.input(on: req.db)
            if let id {
                _ = try await structure(req).updateDepartment(id, expectedVersion: form.version ?? 0, input)
            } else {
                _ = try await structure(req).createDepartment(input)
            }
            return req.redirect(to: Paths.orgChart.path + "?done=saved", redirectType: .normal)
        } invalid: { failure in
            return try await departmentPage(req, form, id: id, errors: failure, status: .unprocessableEntity)
        } stale: {
            guard let id, let fresh = try await Department.find(id, on: req.db) else { throw AppError.notFound }
            return try await departmentPage(req, try await DepartmentForm(fresh, on: req.db), id: id, stale: true, status: .conflict)
        }
    }

    // MARK: Archiving

    struct ArchiveForm: Content {
        var version: Int
    }

    /// Archives and returns to the list; while the record is still in use, the edit page says so.
    private func archive(
        _ req: Request, list: Paths, _ perform: (UUID, Int) async throws -> Void,
        refused: @escaping (UUID, ValidationFailure) async throws -> Response
    ) async throws -> Response {
        let id = try req.requireID()
        return try await req.submit {
            try await perform(id, try req.content.decode(ArchiveForm.self).version)
            return req.redirect(to: list.path + "?done=saved", redirectType: .normal)
        } invalid: { failure in
            return try await refused(id, failure)
        }
    }

    func archiveSite(_ req: Request) async throws -> Response {
        try await archive(req, list: .sites, { _ = try await structure(req).archiveSite($0, expectedVersion: $1) }) { id, failure in
            guard let site = try await Site.find(id, on: req.db) else { throw AppError.notFound }
            return try await sitePage(req, SiteForm(site), id: id, errors: failure, status: .unprocessableEntity)
        }
    }

    func archiveDepartment(_ req: Request) async throws -> Response {
        try await archive(req, list: .orgChart, { _ = try await structure(req).archiveDepartment($0, expectedVersion: $1) }) {
            id, failure in
            guard let department = try await Department.find(id, on: req.db) else { throw AppError.notFound }
            return try await departmentPage(
                req, try await DepartmentForm(department, on: req.db), id: id, errors: failure, status: .unprocessableEntity)
        }
    }

    func archiveCostCentre(_ req: Request) async throws -> Response {
        try await archive(req, list: .costCentres, { _ = try await structure(req).archiveCostCentre($0, expectedVersion: $1) }) {
            id, failure in
            guard let centre = try await CostCentre.find(id, on: req.db) else { throw AppError.notFound }
            return try await costCentrePage(
                req, try await CostCentreForm(centre, on: req.db), id: id, errors: failure, status: .unprocessableEntity)
        }
    }

    // MARK: Sites

    struct SitesContent: Encodable {
        struct Row: Encodable {
            let href: String?
            let name: String
            let address: String
            let country: String
            let timeZone: String
            let rooms: [String]
        }

        let rows: [Row]
        let canManage: Bool
    }

    func sites(_ req: Request) async throws -> Response {
        let sites = try await Site.query(on: req.db).filter(\.$archivedAt == nil).with(\.$rooms).sort(\.$name).all()
        let canManage = req.may(.manageStructure)
        return try await req.page(
            "organisation/sites", titleKey: "sites.title",
            SitesContent(
                rows: sites.map {
                    .init(
                        href: canManage ? Paths.site.path($0.id!) : nil, name: $0.name, address: $0.address, country: $0.country,
                        timeZone: $0.timeZone,
                        rooms: $0.rooms.map { room in room.floor.map { "\(room.name) (\($0))" } ?? room.name }.sorted())
                }, canManage: canManage))
    }

    struct SiteForm: Content {
        var name = ""
        var address = ""
        var country = ""
        var timeZone = "Europe/Tallinn"
        var version: Int?

        init(name: String = "", address: String = "", country: String = "", timeZone: String = "Europe/Tallinn", version: Int? = nil) {
            (self.name, self.address, self.country, self.timeZone, self.version) = (name, address, country, timeZone, version)
        }

        init(from decoder: any Decoder) throws {
            let form = try FormFields(decoder)
            self.init(
                name: form["name"], address: form["address"], country: form["country"], timeZone: form["timeZone"], version: form.version)
        }
    }

    struct SiteFormContent: Encodable {
        let action: String
        let roomsAction: String?
        let isNew: Bool
        let form: SiteForm
        let rooms: [String]
        let timeZones: [String]
        let errors: [String: String]
        let roomErrors: [String: String]
        let stale: Bool
    }

    private func sitePage(
        _ req: Request, _ form: SiteForm, id: UUID?, errors: ValidationFailure? = nil, roomErrors: ValidationFailure? = nil,
        stale: Bool = false,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let rooms = try await id.asyncMap { try await Room.query(on: req.db).filter(\.$site.$id == $0).sort(\.$name).all() } ?? []
        let content = SiteFormContent(
            action: id.map { Paths.site.path($0) } ?? Paths.sites.path, roomsAction: id.map { Paths.siteRooms.path($0) }, isNew: id == nil,
            form: form,
            rooms: rooms.map { room in room.floor.map { "\(room.name) (\($0))" } ?? room.name },
            timeZones: TimeZone.knownTimeZoneIdentifiers.sorted(),
            errors: req.fieldMessages(errors), roomErrors: req.fieldMessages(roomErrors), stale: stale)
        return try await req.page("organisation/site-form", titleKey: id == nil ? "sites.new" : "sites.edit", content, status: status)
    }

    func newSite(_ req: Request) async throws -> Response { try await sitePage(req, SiteForm(), id: nil) }

    func editSite(_ req: Request) async throws -> Response {
        guard let site = try await Site.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        return try await sitePage(req, SiteForm(site), id: site.id)
    }

    func saveSite(_ req: Request) async throws -> Response {
        let id = req.parameters.get("id").flatMap(UUID.init(uuidString:))
        let form = try req.content.decode(SiteForm.self)
        let input = StructureService.SiteInput(name: form.name, address: form.address, country: form.country, timeZone: form.timeZone)
        return try await req.submit {
            if let id {
                _ = try await structure(req).updateSite(id, expectedVersion: form.version ?? 0, input)
            } else {
                _ = try await structure(req).createSite(input)
            }
            return req.redirect(to: Paths.sites.path + "?done=saved", redirectType: .normal)
        } invalid: { failure in
            return try await sitePage(req, form, id: id, errors: failure, status: .unprocessableEntity)
        } stale: {
            guard let id, let fresh = try await Site.find(id, on: req.db) else { throw AppError.notFound }
            return try await sitePage(req, SiteForm(fresh), id: id, stale: true, status: .conflict)
        }
    }

    struct RoomForm: Content {
        var name: String
        var floor: String?
    }

    func addRoom(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let form = try req.content.decode(RoomForm.self)
        return try await req.submit {
            _ = try await structure(req).addRoom(siteID: id, name: form.name, floor: form.floor)
            return req.redirect(to: Paths.site.path(id) + "?done=created", redirectType: .normal)
        } invalid: { failure in
            guard let site = try await Site.find(id, on: req.db) else { throw AppError.notFound }
            return try await sitePage(req, SiteForm(site), id: id, roomErrors: failure, status: .unprocessableEntity)
        }
    }

    // MARK: Cost centres

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

    private func costCentrePage(
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

extension StructurePages.DepartmentForm {
    init(_ department: Department, on db: any Database) async throws {
        let manager = try await department.managerID.asyncMap { try await Employee.find($0, on: db) } ?? nil
        self.init(
            name: department.name, parentId: department.parentID?.uuidString ?? "", managerNumber: manager?.employeeNumber ?? "",
            costCentreId: department.costCentreID?.uuidString ?? "", siteId: department.siteID?.uuidString ?? "",
            version: department.version)
    }

    func input(on db: any Database) async throws -> StructureService.DepartmentInput {
        let manager = try await Employee.byNumber(managerNumber, field: "managerNumber", on: db)
        return .init(
            name: name, parentID: UUID(uuidString: parentId), managerID: manager?.id, costCentreID: UUID(uuidString: costCentreId),
            siteID: UUID(uuidString: siteId))
    }
}

extension StructurePages.CostCentreForm {
    /// The form as the record stands, the owner named by employee number.
    init(_ centre: CostCentre, on db: any Database) async throws {
        let owner = try await centre.ownerID.asyncMap { try await Employee.find($0, on: db) } ?? nil
        self.init(code: centre.code, name: centre.name, ownerNumber: owner?.employeeNumber ?? "", version: centre.version)
    }
}

extension StructurePages.SiteForm {
    init(_ site: Site) {
        self.init(name: site.name, address: site.address, country: site.country, timeZone: site.timeZone, version: site.version)
    }
}

extension Employee {
    /// The employee a form names by number; nil for an empty field, a field error for an unknown number.
    static func byNumber(_ text: String, field: String, on db: any Database) async throws -> Employee? {
        let number = text.trimmingCharacters(in: .whitespaces)
        guard !number.isEmpty else { return nil }
        guard let employee = try await Employee.query(on: db).filter(\.$employeeNumber == number).first() else {
            throw ValidationFailure([FieldError(field: field, code: .notFound)])
        }
        return employee
    }
}
