import Domain
import Fluent
import Foundation
import Testing
import Vapor

@testable import App

@Suite("Organisation pages")
struct OrganisationPageTests {
    @Test("A people officer creates an employee with the form, naming the manager by number")
    func createWithForm() async throws {
        try await TestApp.with { app in
            let org = try await SmallOrganisation.make(app)
            let browser = try await app.signedIn(.peopleOfficer)
            let response = try await browser.submit(
                "/employees",
                [
                    "employeeNumber": "E010", "firstName": "Piret", "lastName": "Lill", "workEmail": "piret@example.ee",
                    "departmentId": org.it.id!.uuidString,
                    "siteId": org.site.id!.uuidString, "managerNumber": "E002", "startDate": "2026-12-01", "status": "active",
                ], from: "/employees/new")
            #expect(response.status == .seeOther)
            let created = try await Employee.query(on: app.app.db).filter(\.$employeeNumber == "E010").first()
            #expect(created?.managerID == org.mart.id)
            let page = try await browser.get(response.headers.first(name: .location)!)
            #expect(page.body.contains("Piret Lill") && page.body.contains("Mart Tamm"))
        }
    }

    @Test("A refused form comes back as typed, with each error beside its field, in the user's language")
    func refusedForm() async throws {
        try await TestApp.with { app in
            _ = try await SmallOrganisation.make(app)
            let browser = try await app.signedIn(.peopleOfficer, language: .et)
            let response = try await browser.submit(
                "/employees",
                [
                    "employeeNumber": "E001", "firstName": "Uus", "lastName": "", "managerNumber": "E999", "startDate": "2026-13-01",
                    "status": "active",
                ],
                from: "/employees/new")
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.contains(#"id="lastName-error">See väli on kohustuslik."#))
            #expect(response.body.contains(#"id="startDate-error">See ei ole kehtiv kuupäev."#))
            #expect(response.body.contains(#"value="Uus""#))
            let taken = try await browser.submit(
                "/employees",
                ["employeeNumber": "E001", "firstName": "Uus", "lastName": "Inimene", "managerNumber": "E999", "status": "active"],
                from: "/employees/new")
            #expect(taken.body.contains(#"id="managerNumber-error">Sellist kirjet ei ole."#))
            #expect(try await app.count(Employee.self) == 3)
        }
    }

    @Test("Saving an employee someone else changed meanwhile shows their version instead of overwriting it")
    func staleEdit() async throws {
        try await TestApp.with { app in
            let org = try await SmallOrganisation.make(app)
            let browser = try await app.signedIn(.itManager)
            let form = try await browser.get("/employees/\(org.jaan.id!)/edit")
            var changed = EmployeeService.Input(from: org.jaan, userID: nil)
            changed.jobTitle = "Changed elsewhere"
            _ = try await EmployeeService(app: app.app, actor: .system).update(org.jaan.id!, expectedVersion: nil, changed)
            let response = try await browser.submit(
                "/employees/\(org.jaan.id!)",
                [
                    "employeeNumber": "E003", "firstName": "Jaan", "lastName": "Saar", "jobTitle": "Mine", "status": "active",
                    "version": form.formValue("version") ?? "",
                ],
                csrf: form.formValue("_csrf"))
            #expect(response.status == .conflict)
            #expect(response.body.contains("Changed elsewhere"))
            #expect(try await Employee.find(org.jaan.id, on: app.app.db)?.jobTitle == "Changed elsewhere")
        }
    }

    @Test("Archiving from the employee page moves the person out of the current staff list")
    func archiveFromPage() async throws {
        try await TestApp.with { app in
            let org = try await SmallOrganisation.make(app)
            let browser = try await app.signedIn(.peopleOfficer)
            let page = try await browser.get("/employees/\(org.jaan.id!)")
            let response = try await browser.submit(
                "/employees/\(org.jaan.id!)/archive", ["endDate": "2026-11-30", "version": page.formValue("version") ?? ""],
                csrf: page.formValue("_csrf"))
            #expect(response.status == .seeOther)
            #expect(!(try await browser.get("/employees").body.contains("Jaan Saar")))
            #expect(try await browser.get("/employees?status=left").body.contains("Jaan Saar"))
        }
    }

    @Test("The org chart shows departments, managers and head counts; an employee may see it but not the directory")
    func orgChartAndDirectoryRights() async throws {
        try await TestApp.with { app in
            let org = try await SmallOrganisation.make(app)
            _ = try await StructureService(app: app.app, actor: .system).updateDepartment(
                org.it.id!, expectedVersion: nil, .init(name: "IT", parentID: org.management.id, managerID: org.mart.id))
            let employee = try await app.signedIn(.employee)
            let chart = try await employee.get("/organisation-chart")
            #expect(chart.status == .ok)
            #expect(chart.body.contains("Management") && chart.body.contains("Mart Tamm") && chart.body.contains("2 people"))
            #expect(!chart.body.contains("href=\"/employees/"))
            #expect(try await employee.get("/employees").status == .forbidden)
            let technician = try await app.signedIn(.technician)
            let team = try await technician.get("/employees?managerNumber=E002")
            #expect(team.body.contains("Jaan Saar") && !team.body.contains("Kadri Kask"))
            #expect(team.body.contains(#"name="managerNumber" value="E002""#))
        }
    }

    @Test("Structure forms create a site with a room, a cost centre, and a department under another")
    func structureForms() async throws {
        try await TestApp.with { app in
            let org = try await SmallOrganisation.make(app)
            let browser = try await app.signedIn(.seniorITManager)
            #expect(
                try await browser.submit(
                    "/sites", ["name": "Stockholm", "address": "Sveavägen 44", "country": "se", "timeZone": "Europe/Stockholm"],
                    from: "/sites/new"
                )
                .status == .seeOther)
            let stockholm = try await Site.query(on: app.app.db).filter(\.$name == "Stockholm").first()!
            #expect(
                try await browser.submit(
                    "/sites/\(stockholm.id!)/rooms", ["name": "Serverrum", "floor": "-1"], from: "/sites/\(stockholm.id!)"
                ).status == .seeOther)
            #expect(try await browser.get("/sites").body.contains("Serverrum (-1)"))
            #expect(
                try await browser.submit(
                    "/cost-centres", ["code": "cc-900", "name": "Projects", "ownerNumber": "E001"], from: "/cost-centres/new"
                ).status
                    == .seeOther)
            #expect(try await browser.get("/cost-centres").body.contains("CC-900"))
            let department = try await browser.submit(
                "/departments",
                ["name": "Service Desk", "parentId": org.it.id!.uuidString, "managerNumber": "E003", "siteId": stockholm.id!.uuidString],
                from: "/departments/new")
            #expect(department.status == .seeOther)
            #expect(try await browser.get("/organisation-chart").body.contains("Service Desk"))
        }
    }

    @Test("Archiving a site in use from its page explains why; an empty one disappears from the list")
    func archiveFromPages() async throws {
        try await TestApp.with { app in
            let org = try await SmallOrganisation.make(app)
            let browser = try await app.signedIn(.itManager)
            let form = try await browser.get("/sites/\(org.site.id!)")
            let refused = try await browser.submit(
                "/sites/\(org.site.id!)/archive", ["version": form.formValue("version") ?? ""], csrf: form.formValue("_csrf"))
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains(#"id="archive-error""#) && refused.body.contains("Still in use"))
            let empty = try await StructureService(app: app.app, actor: .system).createSite(
                .init(name: "Riga", address: "Brīvības iela 1", country: "LV", timeZone: "Europe/Riga"))
            let emptyForm = try await browser.get("/sites/\(empty.id!)")
            let done = try await browser.submit("/sites/\(empty.id!)/archive", ["version": "1"], csrf: emptyForm.formValue("_csrf"))
            #expect(done.status == .seeOther)
            #expect(!(try await browser.get("/sites").body.contains("Riga")))
        }
    }

    @Test("A stale cost-centre save shows the other person's version with its owner")
    func staleCostCentre() async throws {
        try await TestApp.with { app in
            let org = try await SmallOrganisation.make(app)
            let structure = StructureService(app: app.app, actor: .system)
            let centre = try await structure.createCostCentre(.init(code: "CC-5", name: "Projects", ownerID: org.kadri.id))
            let browser = try await app.signedIn(.itManager)
            let form = try await browser.get("/cost-centres/\(centre.id!)")
            _ = try await structure.updateCostCentre(
                centre.id!, expectedVersion: 1, .init(code: "CC-5", name: "Renamed", ownerID: org.kadri.id))
            let response = try await browser.submit(
                "/cost-centres/\(centre.id!)",
                ["code": "CC-5", "name": "Mine", "ownerNumber": "E001", "version": form.formValue("version") ?? ""],
                csrf: form.formValue("_csrf"))
            #expect(response.status == .conflict)
            #expect(response.body.contains(#"value="Renamed""#) && response.body.contains(#"name="ownerNumber" value="E001""#))
        }
    }

    @Test("A manager's team page lists direct and indirect reports; my data lists what is held about me")
    func selfService() async throws {
        try await TestApp.with { app in
            let org = try await SmallOrganisation.make(app)
            let user = try await app.makeUser(.employee)
            _ = try await EmployeeService(app: app.app, actor: .system).update(
                org.mart.id!, expectedVersion: nil, .init(from: org.mart, userID: user.id))
            let browser = Browser(app)
            _ = try await browser.signIn(email: user.email, password: TestApp.password)
            let team = try await browser.get("/team")
            #expect(team.body.contains("Jaan Saar"))
            #expect(team.body.contains("1 person reports to you"))
            let data = try await browser.get("/me/data")
            #expect(data.body.contains(user.email) && data.body.contains("E002"))
            #expect(data.body.contains("/api/v1/me/data"))
            let download = try await browser.get("/api/v1/me/data")
            #expect(download.status == .ok)
            #expect((download.json["employee"] as? [String: Any])?["employeeNumber"] as? String == "E002")
        }
    }
}
