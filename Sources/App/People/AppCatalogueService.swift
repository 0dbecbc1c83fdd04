import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The applications catalogue and who has access to what: recording applications, and giving and taking away access,
/// each change with its audit entry, several changes in one transaction.
struct AppCatalogueService: Sendable {
    let app: Application
    let actor: AuditActor

    struct AppInput: Sendable {
        var name: String
        var description = ""
        var ownerID: UUID?
        var signInURL = ""
        var productID: UUID?
        var licenceID: UUID?
        var method: AccessMethod = .manual
        var directoryGroups: [String] = []
        var instructions = ""
        var audiences: [AccessAudience] = []

        func validate() -> [FieldError] {
            var errors = [Validate.required(name, field: "name")].compactMap { $0 }
            if !signInURL.trimmingCharacters(in: .whitespaces).isEmpty, let error = Validate.webAddress(signInURL, field: "signInUrl") {
                errors.append(error)
            }
            for (field, value, limit) in [
                ("description", description, 5000), ("signInUrl", signInURL, 500), ("instructions", instructions, 10_000),
            ] where value.count > limit {
                errors.append(FieldError(field: field, code: .tooLong))
            }
            let groups = cleanGroups
            if method == .directoryGroup, groups.isEmpty { errors.append(FieldError(field: "directoryGroups", code: .required)) }
            if groups.count > 50 || groups.contains(where: { $0.count > 500 }) {
                errors.append(FieldError(field: "directoryGroups", code: .tooLong))
            }
            if audiences.count > 100 { errors.append(FieldError(field: "audiences", code: .tooLong)) }
            return errors
        }

        /// One group a line, trimmed, empty lines and repeats left out.
        var cleanGroups: [String] {
            var seen = Set<String>()
            return directoryGroups.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && seen.insert($0).inserted }
        }

        /// Owner, product, licence, departments and sites named must exist; the licence must be of the product.
        func checkReferences(on db: any Database) async throws {
            var errors: [FieldError] = []
            if let ownerID, try await Employee.find(ownerID, on: db) == nil { errors.append(FieldError(field: "ownerId", code: .notFound)) }
            if let productID, try await SoftwareProduct.find(productID, on: db) == nil {
                errors.append(FieldError(field: "productId", code: .notFound))
            }
            if let licenceID {
                if let licence = try await Licence.find(licenceID, on: db) {
                    if licence.productID != productID { errors.append(FieldError(field: "licenceId", code: .invalid)) }
                } else {
                    errors.append(FieldError(field: "licenceId", code: .notFound))
                }
            }
            // The departments and sites named, each kind read in one query.
            let departments = audiences.compactMap { if case .department(let id) = $0 { id } else { nil } }
            let sites = audiences.compactMap { if case .site(let id) = $0 { id } else { nil } }
            let foundDepartments = try await Department.query(on: db).filter(\.$id ~~ departments).count()
            let foundSites = try await Site.query(on: db).filter(\.$id ~~ sites).count()
            if foundDepartments != Set(departments).count || foundSites != Set(sites).count {
                errors.append(FieldError(field: "audiences", code: .notFound))
            }
            try InputCheck.check(errors)
        }

        func apply(to app: CompanyApp) {
            app.name = name.trimmingCharacters(in: .whitespaces)
            app.nameKey = app.name.lowercased()
            app.details = description.trimmingCharacters(in: .whitespacesAndNewlines)
            app.ownerID = ownerID
            app.signInURL = signInURL.trimmingCharacters(in: .whitespaces)
            app.productID = productID
            app.licenceID = licenceID
            app.methodRaw = method.rawValue
            app.directoryGroupsText = cleanGroups.joined(separator: "\n")
            app.instructions = instructions.trimmingCharacters(in: .whitespacesAndNewlines)
            var seen = Set<AccessAudience>()
            app.audiencesJSON = CompanyApp.encode(audiences.filter { seen.insert($0).inserted })
        }
    }

    func create(_ input: AppInput) async throws -> CompanyApp {
        try InputCheck.check(input.validate())
        let record = CompanyApp()
        input.apply(to: record)
        record.createdAt = app.services.clock.now()
        return try await app.createAudited(record, actor: actor) { db in
            try await input.checkReferences(on: db)
            try await InputCheck.unique(CompanyApp.query(on: db).filter(\.$nameKey == record.nameKey), field: "name")
        }
    }

    func update(_ id: UUID, expectedVersion: Int?, _ input: AppInput) async throws -> CompanyApp {
        try InputCheck.check(input.validate())
        return try await app.updateAudited(CompanyApp.self, id: id, expectedVersion: expectedVersion, actor: actor) { record, db in
            try await input.checkReferences(on: db)
            input.apply(to: record)
            try await InputCheck.unique(CompanyApp.query(on: db).filter(\.$nameKey == record.nameKey).filter(\.$id != id), field: "name")
        }
    }

    // MARK: Access

    /// Gives the employees access to the application, in one transaction: one who has it already, has left or does not
    /// exist is refused, and the whole change with it. The people and their current grants are read once and the
    /// grants written together, so giving mail to a thousand joiners is one statement each, not a thousand.
    @discardableResult
    func grant(_ appID: UUID, to employeeIDs: [UUID], note: String, byDefault: Bool = false) async throws -> [AccessGrant] {
        guard note.count <= 1000 else { throw ValidationFailure([FieldError(field: "note", code: .tooLong)]) }
        guard !employeeIDs.isEmpty else { throw ValidationFailure([FieldError(field: "employeeId", code: .required)]) }
        let ids = Array(Set(employeeIDs))
        let (now, actor) = (app.services.clock.now(), self.actor)
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        return try await app.write { db in
            guard let record = try await CompanyApp.find(appID, on: db) else { throw AppError.notFound }
            var found: [UUID: Employee] = [:]
            var holding = Set<UUID>()
            for chunk in ids.boundChunks() {
                for employee in try await Employee.query(on: db).filter(\.$id ~~ chunk).all() { found[employee.id!] = employee }
                holding.formUnion(
                    try await AccessGrant.query(on: db).filter(\.$appID == appID).filter(\.$employeeID ~~ chunk).filter(\.$revokedAt == nil)
                        .all().map(\.employeeID))
            }
            guard ids.allSatisfy({ found[$0].map { $0.erasedAt == nil && $0.status != .left } ?? false }) else {
                throw ValidationFailure([FieldError(field: "employeeId", code: .notFound)])
            }
            guard holding.isEmpty else { throw ValidationFailure([FieldError(field: "employeeId", code: .taken)]) }
            let grants = ids.map { employeeID in
                let grant = AccessGrant()
                (grant.id, grant.appID, grant.employeeID, grant.methodRaw) = (UUID(), appID, employeeID, record.methodRaw)
                (grant.byDefault, grant.note, grant.grantedAt, grant.grantedBy) = (byDefault, note, now, actor.label)
                return grant
            }
            try await BulkInsert.rows(
                into: AccessGrant.schema,
                columns: ["id", "app_id", "employee_id", "method", "by_default", "note", "granted_at", "granted_by"],
                grants.map {
                    [
                        .uuid($0.id!), .uuid(appID), .uuid($0.employeeID), .text($0.methodRaw), .bool(byDefault), .text(note), .date(now),
                        .text(actor.label),
                    ]
                }, on: db)
            try await DirectoryService.queueMemberships(.addMember, app: record, employees: ids, at: now, by: actor.label, on: db)
            try await AuditLog.appendBatch(
                on: db, actor: actor,
                grants.map {
                    AuditLog.Pending(
                        action: "application.grant", entityType: CompanyApp.auditEntityType, entityID: appID.uuidString,
                        changes: [
                            "employee": AuditChange(before: nil, after: $0.employeeID.uuidString),
                            "method": AuditChange(before: nil, after: record.methodRaw),
                            "by_default": AuditChange(before: nil, after: byDefault ? "true" : "false"),
                        ].merging(note.isEmpty ? [:] : ["note": AuditChange(before: nil, after: note)]) { $1 })
                }, at: now)
            return grants
        }
    }

    /// Takes access away: the grant is kept, marked with when, by whom and why.
    @discardableResult
    func revoke(_ grantID: UUID, note: String) async throws -> AccessGrant {
        guard note.count <= 1000 else { throw ValidationFailure([FieldError(field: "note", code: .tooLong)]) }
        let (now, actor) = (app.services.clock.now(), self.actor)
        return try await app.write { db in
            guard let grant = try await AccessGrant.find(grantID, on: db) else { throw AppError.notFound }
            // Taken away already, perhaps by someone else a moment ago: nothing to do twice.
            guard grant.isActive else { throw AppError.preconditionFailed }
            try await Self.revoke(grant, note: note, actor: actor, at: now, on: db)
            return grant
        }
    }

    /// Takes the grant away inside the caller's transaction: marked, audited, and its directory groups told.
    static func revoke(_ grant: AccessGrant, note: String, actor: AuditActor, at now: Date, on db: any Database) async throws {
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        (grant.revokedAt, grant.revokedBy, grant.revokeNote) = (now, actor.label, note)
        try await grant.update(on: db)
        if let record = try await CompanyApp.find(grant.appID, on: db) {
            try await DirectoryService.queueMemberships(
                .removeMember, app: record, employees: [grant.employeeID], at: now, by: actor.label, on: db)
        }
        try await AuditLog.append(
            on: db, actor: actor, action: "application.revoke", entityType: CompanyApp.auditEntityType, entityID: grant.appID.uuidString,
            changes: ["employee": AuditChange(before: grant.employeeID.uuidString, after: nil)].merging(
                note.isEmpty ? [:] : ["note": AuditChange(before: nil, after: note)]
            ) { $1 }, at: now)
    }

    /// Gives the employee every application their placement includes by default that they do not have yet.
    func grantDefaults(to employeeID: UUID) async throws -> [AccessGrant] {
        guard let employee = try await Employee.find(employeeID, on: app.db) else { throw AppError.notFound }
        let difference = try await Self.defaultDifference(for: employee, on: app.db)
        var grants: [AccessGrant] = []
        // One transaction per application keeps each refusal (a grant given meanwhile) from undoing the others.
        for appID in difference.grant {
            do {
                grants += try await grant(appID, to: [employeeID], note: "", byDefault: true)
            } catch let failure as ValidationFailure where failure.errors.contains(where: { $0.code == .taken }) {
                continue
            }
        }
        return grants
    }

    static func defaultDifference(for employee: Employee, on db: any Database) async throws -> DefaultAccess.Difference {
        let apps = try await CompanyApp.query(on: db).sort(\.$nameKey).all().map {
            DefaultAccess.Application(id: $0.id!, audiences: $0.audiences)
        }
        let held = try await AccessGrant.query(on: db).filter(\.$employeeID == employee.id!).filter(\.$revokedAt == nil).all().map {
            DefaultAccess.Held(applicationID: $0.appID, byDefault: $0.byDefault)
        }
        let placement = Placement(departmentID: employee.departmentID, siteID: employee.siteID, jobTitle: employee.jobTitle)
        return DefaultAccess.difference(apps, placement: placement, held: held)
    }
}
