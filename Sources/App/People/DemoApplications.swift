import Domain
import Fluent
import Foundation
import Vapor

/// The demo company's applications: mail for everyone (the Microsoft 365 licence), the CRM for Sales and account
/// managers through a directory group, the VPN given by hand, the wiki and the HR portal; access given by default to
/// the first people by employee number, the demo employee among them, so the pages have something to show; and a
/// running access review of the VPN and the CRM.
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
        try await startReview(app)
    }

    /// A running access review of the VPN and the CRM, due in ten days, with the first of the managers' decisions in.
    static func startReview(_ app: Application) async throws {
        let names = ["VPN", "CRM"]
        let apps = try await CompanyApp.query(on: app.db).filter(\.$name ~~ names).all().compactMap(\.id)
        guard !apps.isEmpty else { return }
        let reviews = AccessReviewService(app: app, actor: .system)
        let deadline = try await app.organisationToday().adding(days: 10).description
        let review: AccessReview
        do {
            review = try await reviews.start(title: "Quarterly access review: VPN and CRM", deadline: deadline, appIDs: apps)
        } catch is ValidationFailure {
            return  // nobody has access to them
        }
        let items = try await AccessReviewItem.query(on: app.db).filter(\.$reviewID == review.id!).sort(\.$id).all()
        let decided = items.prefix(items.count / 3).enumerated().map { index, item in
            AccessReviewService.Decision(
                itemID: item.id!, decision: index % 5 == 4 ? .revoked : .confirmed, note: index % 5 == 4 ? "No longer in the field" : "")
        }
        try await reviews.decide(review.id!, decided, reviewer: nil, mayDecideAll: true)
    }
}
