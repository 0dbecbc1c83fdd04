import Domain
import Fluent
import Foundation
import SQLKit
import Testing

@testable import App

@Suite("The applications catalogue and who has access")
struct AppCatalogueTests {
    @Test("The IT manager records an application through the form; bad input is refused in the reader's language")
    func recordThroughTheForm() async throws {
        try await TestApp.with { app in
            let company = try await UsageCompany.make(app)
            let browser = try await app.signedIn(.itManager)
            let form = try await browser.get("/applications/new")
            #expect(form.status == .ok && form.body.contains("name=\"department.\(company.sales.id!.uuidString)\""))
            // Directory groups chosen but none named, and a sign-in address that would run script: both refused.
            let refused = try await browser.submit(
                "/applications", ["name": "CRM", "method": "directory_group", "signInUrl": "javascript:alert(1)"], from: "/applications/new"
            )
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("aria-invalid=\"true\"") && refused.body.contains("id=\"signInUrl\""))
            #expect(try await app.count(CompanyApp.self) == 0)
            let created = try await browser.submit(
                "/applications",
                [
                    "name": "CRM", "description": "Customers and deals", "method": "directory_group",
                    "directoryGroups": "cn=crm-users,ou=groups,dc=firma,dc=example\n\ncn=crm-users,ou=groups,dc=firma,dc=example",
                    "signInUrl": "https://crm.firma.example", "ownerNumber": "E108", "department.\(company.sales.id!.uuidString)": "on",
                    "jobTitles": "Account Manager",
                ], from: "/applications/new")
            #expect(created.status == .seeOther)
            let record = try #require(try await CompanyApp.query(on: app.app.db).first())
            #expect(record.directoryGroups == ["cn=crm-users,ou=groups,dc=firma,dc=example"])
            #expect(record.audiences == [.department(company.sales.id!), .jobTitle("Account Manager")])
            #expect(record.ownerID == company.people[8].id)
            let page = try await browser.get("/applications/\(record.id!)")
            #expect(page.body.contains("Customers and deals") && page.body.contains("Department: Sales"))
            #expect(page.body.contains("cn=crm-users,ou=groups,dc=firma,dc=example"))
            // The same name again, in other case: refused.
            let twice = try await browser.submit("/applications", ["name": "crm", "method": "manual"], from: "/applications/new")
            #expect(twice.status == .unprocessableEntity && twice.body.contains("aria-invalid"))
            let german = try await app.signedIn(.itManager, language: .de)
            let seite = try await german.submit(
                "/applications", ["name": "", "method": "manual"], from: "/applications/new")
            #expect(seite.status == .unprocessableEntity && seite.body.contains("Neue Anwendung"))
            #expect(try await AuditEntry.query(on: app.app.db).filter(\.$action == "application.create").count() == 1)
        }
    }

    @Test("Access is given by hand and by default, refused twice, taken away with its history, and shown to the person")
    func grantAndRevoke() async throws {
        try await TestApp.with { app in
            let company = try await UsageCompany.make(app)
            let service = AppCatalogueService(app: app.app, actor: .system)
            let mail = try await service.create(
                .init(name: "Mail", method: .manual, instructions: "Create the mailbox", audiences: [.everyone]))
            let crm = try await service.create(
                .init(name: "CRM", method: .directoryGroup, directoryGroups: ["crm-users"], audiences: [.department(company.sales.id!)]))
            let vpn = try await service.create(.init(name: "VPN", signInURL: "https://vpn.firma.example", method: .manual))
            let browser = try await app.signedIn(.itManager)
            let legal = company.people[6]
            let given = try await browser.submit(
                "/applications/\(vpn.id!)/grants", ["employeeNumber": legal.employeeNumber, "note": "Works from home"],
                from: "/applications/\(vpn.id!)")
            #expect(given.status == .seeOther)
            let again = try await browser.submit(
                "/applications/\(vpn.id!)/grants", ["employeeNumber": legal.employeeNumber], from: "/applications/\(vpn.id!)")
            #expect(again.status == .unprocessableEntity && again.body.contains("aria-invalid"))
            let unknown = try await browser.submit(
                "/applications/\(vpn.id!)/grants", ["employeeNumber": "NOPE"], from: "/applications/\(vpn.id!)")
            #expect(unknown.status == .unprocessableEntity)

            // Legal is due Mail by default (everyone), not CRM (Sales only).
            var access = try await browser.get("/employees/\(legal.id!)/access")
            #expect(access.body.contains("VPN") && access.body.contains("Works from home"))
            #expect(
                access.body.contains("Give the default access") && access.body.contains("<li>Mail</li>")
                    && !access.body.contains("<li>CRM</li>"))
            let defaults = try await browser.submit(
                "/employees/\(legal.id!)/access/defaults", [:], from: "/employees/\(legal.id!)/access")
            #expect(defaults.headers.first(name: .location)?.contains("done=granted&count=1") == true)
            access = try await browser.get("/employees/\(legal.id!)/access")
            #expect(!access.body.contains("Give the default access") && access.body.contains("By default"))
            let grants = try await AccessGrant.query(on: app.app.db).filter(\.$employeeID == legal.id!).all()
            #expect(Set(grants.map(\.appID)) == [vpn.id!, mail.id!] && grants.first { $0.appID == mail.id! }?.byDefault == true)
            _ = crm

            // The person sees their own access, with where to sign in.
            let user = try await app.makeUser(.employee, email: "p6@firma.example")
            try await app.app.db.sql.update("employees").set("user_id", to: user.id!).where("id", .equal, legal.id!).run()
            let own = Browser(app)
            _ = try await own.signIn(email: user.email, password: TestApp.password)
            var mine = try await own.get("/me/access")
            #expect(mine.status == .ok && mine.body.contains("href=\"https://vpn.firma.example\"") && mine.body.contains("Mail"))

            // Taken away: gone from the person's page, kept as history with who and why.
            let grant = try #require(grants.first { $0.appID == vpn.id! })
            let revoked = try await browser.submit(
                "/access-grants/\(grant.id!)/revoke", ["note": "Back in the office", "back": "employee"],
                from: "/employees/\(legal.id!)/access")
            #expect(revoked.headers.first(name: .location) == "/employees/\(legal.id!)/access?done=revoked")
            mine = try await own.get("/me/access")
            #expect(!mine.body.contains("vpn.firma.example"))
            let vpnPage = try await browser.get("/applications/\(vpn.id!)")
            #expect(vpnPage.body.contains("Access taken away") && vpnPage.body.contains("Back in the office"))
            // The person's copy of their data (Art. 15) has both, the one taken away with when and why.
            let copy = try await own.json(.GET, Paths.apiMyData.path)
            let copied = copy.json["access"] as? [[String: Any]] ?? []
            #expect(Set(copied.compactMap { $0["application"] as? String }) == ["VPN", "Mail"])
            #expect(copied.first { $0["application"] as? String == "VPN" }?["revokeNote"] as? String == "Back in the office")
            #expect(try await own.get("/me/data").body.contains("Access to applications"))
            // A second click changes nothing.
            _ = try await browser.submit("/access-grants/\(grant.id!)/revoke", [:], from: "/applications/\(vpn.id!)")
            let audit = try await AuditEntry.query(on: app.app.db).filter(\.$entityID == vpn.id!.uuidString).all().map(\.action)
            #expect(audit.sorted() == ["application.create", "application.grant", "application.revoke"])
            // Two years after it was taken away, the retention job deletes the record; the current grant stays.
            app.clock.advance(Double(AccessRetention.months + 1) * 31 * 86400)
            #expect(try await AccessRetention.run(app: app.app, now: app.clock.now) == 1)
            let left = try await AccessGrant.query(on: app.app.db).filter(\.$employeeID == legal.id!).all()
            #expect(left.map(\.appID) == [mail.id!])
            app.clock.advance(-Double(AccessRetention.months + 1) * 31 * 86400)
            let trail = try await app.signedIn(.administrator).get("/admin/audit")
            #expect(trail.body.contains("access given") && trail.body.contains("VPN"))
        }
    }

    @Test("The API records and changes applications, gives and takes away access, and refuses what the form refuses")
    func api() async throws {
        try await TestApp.with { app in
            let company = try await UsageCompany.make(app)
            let (_, token) = try await app.token(.itManager)
            let api = APIClient(app, token: token)
            let bad = try await api.call(
                .POST, "/api/v1/applications",
                ["name": "CRM", "method": "directory_group", "audiences": [["kind": "department", "value": "not-an-id"]]])
            #expect(bad.status == .unprocessableEntity)
            let names = Set((bad.json["invalidParams"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String })
            #expect(names.contains("audiences"))
            let nowhere = try await api.call(
                .POST, "/api/v1/applications", ["name": "CRM", "audiences": [["kind": "site", "value": UUID().uuidString]]])
            #expect(nowhere.status == .unprocessableEntity && nowhere.body.contains("audiences"))
            let created = try await api.call(
                .POST, "/api/v1/applications",
                [
                    "name": "CRM", "method": "directory_group", "directoryGroups": ["crm-users"],
                    "ownerId": company.people[8].id!.uuidString,
                    "audiences": [["kind": "department", "value": company.sales.id!.uuidString], ["kind": "everyone"]],
                ])
            #expect(created.status == .created)
            let id = try #require(created.json["id"] as? String)
            #expect((created.json["audiences"] as? [[String: Any]])?.count == 2)
            // A change without If-Match is refused; with the current version it keeps what it does not name.
            #expect(try await api.call(.PATCH, "/api/v1/applications/\(id)", ["description": "Deals"]).status == .preconditionRequired)
            let changed = try await api.call(
                .PATCH, "/api/v1/applications/\(id)", ["description": "Deals", "ownerId": NSNull()], headers: ["If-Match": "\"1\""])
            #expect(changed.status == .ok && changed.json["description"] as? String == "Deals")
            #expect(changed.json["ownerId"] == nil && (changed.json["directoryGroups"] as? [String]) == ["crm-users"])

            let person = company.people[0].id!.uuidString
            let given = try await api.call(.POST, "/api/v1/applications/\(id)/grants", ["employeeId": person, "note": "New starter"])
            #expect(given.status == .created && given.json["method"] as? String == "directory_group")
            let twice = try await api.call(.POST, "/api/v1/applications/\(id)/grants", ["employeeId": person])
            #expect(twice.status == .unprocessableEntity)
            let grantID = try #require(given.json["id"] as? String)
            let revoked = try await api.call(.POST, "/api/v1/access-grants/\(grantID)/revoke", ["note": "Left the project"])
            #expect(revoked.status == .ok && revoked.json["revokeNote"] as? String == "Left the project")
            let again = try await api.call(.POST, "/api/v1/access-grants/\(grantID)/revoke", [String: Any]())
            #expect(again.status == .ok && again.json["revokeNote"] as? String == "Left the project")
            let access = try await api.call(.GET, "/api/v1/employees/\(person)/access")
            #expect(access.jsonArray.count == 1 && access.jsonArray.first?["revokedAt"] is String)
            let (_, employeeToken) = try await app.token(.employee)
            #expect(try await APIClient(app, token: employeeToken).call(.GET, "/api/v1/applications").status == .forbidden)
        }
    }

    @Test("Who has access comes a page at a time, newest first, with the rows per page the reader asks for")
    func paged() async throws {
        try await TestApp.with { app in
            let company = try await UsageCompany.make(app)
            let service = AppCatalogueService(app: app.app, actor: .system)
            let mail = try await service.create(.init(name: "Mail", method: .manual, audiences: [.everyone]))
            try await service.grant(mail.id!, to: company.people.map { $0.id! }, note: "")
            let browser = try await app.signedIn(.technician)
            let first = try await browser.get("/applications/\(mail.id!)?limit=5")
            #expect(first.body.contains("1–5 of 11") && first.body.contains("href=\"/applications/\(mail.id!)?offset=5&amp;limit=5\""))
            let last = try await browser.get("/applications/\(mail.id!)?offset=10&limit=5")
            #expect(last.body.contains("11–11 of 11"))
            #expect(try await browser.get("/applications/\(mail.id!)?offset=-1").status == .unprocessableEntity)
        }
    }

    @Test("Technicians read the catalogue but give no access; employees are refused it and see only their own")
    func permissions() async throws {
        try await TestApp.with { app in
            let company = try await UsageCompany.make(app)
            let vpn = try await AppCatalogueService(app: app.app, actor: .system).create(.init(name: "VPN", method: .manual))
            let technician = try await app.signedIn(.technician)
            #expect(try await technician.get("/applications/\(vpn.id!)").status == .ok)
            let page = try await technician.get("/applications/\(vpn.id!)")
            #expect(!page.body.contains("/applications/\(vpn.id!)/grants"))
            let refused = try await technician.submit(
                "/applications/\(vpn.id!)/grants", ["employeeNumber": company.people[0].employeeNumber],
                csrf: page.formValue("_csrf"))
            #expect(refused.status == .forbidden)
            let employee = try await app.signedIn(.employee)
            #expect(try await employee.get("/applications").status == .forbidden)
            #expect(try await employee.get("/employees/\(company.people[0].id!)/access").status == .forbidden)
            let mine = try await employee.get("/me/access")
            #expect(mine.status == .ok && mine.body.contains("not linked to an employee record"))
        }
    }
}
