import Domain
import Fluent
import Foundation
import Vapor

/// The demo company's applications: mail for everyone (the Microsoft 365 licence), the CRM for Sales and account
/// managers through a directory group, the VPN given by hand, the wiki and the HR portal; access given by default to
/// the first people by employee number, the demo employee among them, so the pages have something to show.
enum DemoApplications {
    static let peopleWithAccess = 60

    /// Loads nothing when there are applications already: loading the demo again adds nothing.
    static func load(into app: Application) async throws {
        guard try await CompanyApp.query(on: app.db).count() == 0 else { return }
        let service = AppCatalogueService(app: app, actor: .system)
        let departments = Dictionary(
            try await Department.query(on: app.db).all().map { ($0.name, $0.id!) }, uniquingKeysWith: { first, _ in first })
        let licence = try await Licence.query(on: app.db).filter(\.$name == "Microsoft 365 Apps – annual commitment").first()
        let base = "ou=groups,dc=demo,dc=example"
        func person(_ role: Role) async throws -> UUID? {
            guard let name = DemoData.names[role] else { return nil }
            return try await Employee.query(on: app.db).filter(\.$firstName == name.first).filter(\.$lastName == name.last).first()?.id
        }
        let (it, hr) = (try await person(.itManager), try await person(.peopleOfficer))
        let inputs: [AppCatalogueService.AppInput] = [
            .init(
                name: "E-mail and calendar", description: "Exchange Online mailboxes and shared calendars.", ownerID: it,
                signInURL: "https://outlook.office.com", productID: licence?.productID, licenceID: licence?.id, method: .directoryGroup,
                directoryGroups: ["cn=m365-users,\(base)"], audiences: [.everyone]),
            .init(
                name: "CRM", description: "Customers, contacts and deals.", ownerID: it, signInURL: "https://crm.demo.example",
                method: .directoryGroup,
                directoryGroups: ["cn=crm-users,\(base)"],
                audiences: (departments["Sales"].map { [AccessAudience.department($0)] } ?? []) + [.jobTitle("Account Manager")]),
            .init(
                name: "VPN", description: "Remote access to the office network.", ownerID: it, signInURL: "https://vpn.demo.example",
                method: .manual,
                instructions: "Create the person's VPN profile on the firewall.\nSend the profile by the password manager, never by e-mail."
            ),
            .init(
                name: "Wiki", description: "How we work: handbooks, checklists, the office guide.", ownerID: it,
                signInURL: "https://wiki.demo.example",
                method: .directoryGroup, directoryGroups: ["cn=wiki-readers,\(base)"], audiences: [.everyone]),
            .init(
                name: "HR portal", description: "Leave, payslips and personal details.", ownerID: hr, signInURL: "https://hr.demo.example",
                method: .manual, instructions: "HR adds the person in the portal and sends the invitation.",
                audiences: departments["HR"].map { [.department($0)] } ?? []),
        ]
        for input in inputs { _ = try await service.create(input) }
        // The first people by number and every demo account's person get their default access, one grant per
        // application for all of them at once.
        let people = try await Employee.query(on: app.db).filter(\.$statusRaw == EmploymentStatus.active.rawValue)
            .sort(\.$employeeNumber).limit(peopleWithAccess).all()
        let linked = try await Employee.query(on: app.db).filter(\.$userID != nil).filter(\.$statusRaw == EmploymentStatus.active.rawValue)
            .all()
        var seen = Set<UUID>()
        let chosen = (people + linked).filter { seen.insert($0.id!).inserted }
        let apps = try await CompanyApp.query(on: app.db).all().map { DefaultAccess.Application(id: $0.id!, audiences: $0.audiences) }
        var dueTo: [UUID: [UUID]] = [:]
        for employee in chosen {
            let placement = Placement(departmentID: employee.departmentID, siteID: employee.siteID, jobTitle: employee.jobTitle)
            for appID in DefaultAccess.due(apps, for: placement) { dueTo[appID, default: []].append(employee.id!) }
        }
        for (appID, people) in dueTo { try await service.grant(appID, to: people, note: "", byDefault: true) }
    }
}
