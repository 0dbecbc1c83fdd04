import Domain
import Fluent
import Foundation
import Testing

@testable import App

/// Access reviews as a company runs them: the IT manager starts one, each manager decides their reports' access by
/// the deadline, what is taken away is gone at once (by hand where the application is not a directory group), and the
/// result stays as evidence.
@Suite("Access reviews")
struct AccessReviewTests {
    struct Company {
        let manager: Employee
        let managerEmail: String
        let managerBrowser: Browser
        let anna: Employee
        let bert: Employee
        let carl: Employee
        let vpn: CompanyApp
        let crm: CompanyApp
    }

    /// Anna and Bert report to Maria (who signs in); Carl has no manager, and the CRM's owner is Olga.
    static func company(_ app: TestApp) async throws -> Company {
        let people = EmployeeService(app: app.app, actor: .system)
        let user = try await app.makeUser(.employee)
        let maria = try await people.create(
            .init(employeeNumber: "M1", firstName: "Maria", lastName: "Manager", status: .active, userID: user.id))
        let anna = try await people.create(
            .init(employeeNumber: "A1", firstName: "Anna", lastName: "Aas", managerID: maria.id, status: .active))
        let bert = try await people.create(
            .init(employeeNumber: "B1", firstName: "Bert", lastName: "Berg", managerID: maria.id, status: .active))
        let carl = try await people.create(.init(employeeNumber: "C1", firstName: "Carl", lastName: "Car", status: .active))
        let olga = try await people.create(.init(employeeNumber: "O1", firstName: "Olga", lastName: "Owner", status: .active))
        let catalogue = AppCatalogueService(app: app.app, actor: .system)
        let vpn = try await catalogue.create(.init(name: "VPN", method: .manual, instructions: "Delete the user in the VPN appliance"))
        let crm = try await catalogue.create(.init(name: "CRM", ownerID: olga.id, method: .manual))
        try await catalogue.grant(vpn.id!, to: [anna.id!, bert.id!], note: "")
        try await catalogue.grant(crm.id!, to: [anna.id!, carl.id!], note: "")
        let browser = Browser(app)
        _ = try await browser.signIn(email: user.email, password: TestApp.password)
        return Company(
            manager: maria, managerEmail: user.email, managerBrowser: browser, anna: anna, bert: bert, carl: carl, vpn: vpn, crm: crm)
    }

    @Test("Started, decided by each manager, taken away at once, removed by hand, closed, and exported as evidence")
    func wholeReview() async throws {
        try await TestApp.with { app in
            let company = try await Self.company(app)
            let it = try await app.signedIn(.itManager)
            let form = try await it.get("/access-reviews/new")
            #expect(form.status == .ok && form.body.contains("name=\"app.\(company.vpn.id!.uuidString)\""))
            let past = try await it.submit("/access-reviews", ["title": "Q4", "deadline": "2020-01-01"], from: "/access-reviews/new")
            #expect(past.status == .unprocessableEntity && past.body.contains("This date has passed"))
            let deadline = try await app.app.organisationToday().adding(days: 7).description
            let started = try await it.submit("/access-reviews", ["title": "Q4 review", "deadline": deadline], from: "/access-reviews/new")
            #expect(started.status == .seeOther)
            let review = try #require(try await AccessReview.query(on: app.app.db).first())
            let items = try await AccessReviewItem.query(on: app.app.db).all()
            #expect(items.count == 4)
            // Anna's and Bert's go to Maria; Carl has no manager, so his CRM goes to the CRM's owner.
            #expect(items.filter { $0.reviewerID == company.manager.id }.count == 3)
            #expect(items.first { $0.employeeID == company.carl.id }?.reviewerID != nil)

            // Maria decides on My reviews: Anna keeps both, Bert loses the VPN.
            let mine = try await company.managerBrowser.get("/me/reviews")
            #expect(mine.status == .ok && mine.body.contains("Q4 review") && mine.body.contains("Bert Berg"))
            #expect(!mine.body.contains("Carl Car"))
            let item = { (person: Employee, app: CompanyApp) in
                items.first { $0.employeeID == person.id && $0.appID == app.id }!.id!.uuidString
            }
            let decided = try await company.managerBrowser.submit(
                "/access-reviews/\(review.id!)/decisions",
                [
                    "back": "mine", "decision.\(item(company.anna, company.vpn))": "confirmed",
                    "decision.\(item(company.anna, company.crm))": "confirmed", "decision.\(item(company.bert, company.vpn))": "revoked",
                    "note.\(item(company.bert, company.vpn))": "Moved to the warehouse",
                ], from: "/me/reviews")
            #expect(decided.status == .seeOther && decided.headers.first(name: .location) == "/me/reviews?done=decided&count=3")
            let bertsVPN = try #require(
                try await AccessGrant.query(on: app.app.db).filter(\.$employeeID == company.bert.id!).filter(\.$appID == company.vpn.id!)
                    .first())
            #expect(bertsVPN.revokedAt != nil && bertsVPN.revokeNote == "Q4 review: Moved to the warehouse")
            // Carl's item is not Maria's to decide.
            let notHers = try await company.managerBrowser.submit(
                "/access-reviews/\(review.id!)/decisions", ["decision.\(item(company.carl, company.crm))": "revoked"], from: "/me/reviews")
            #expect(notHers.status == .forbidden)
            #expect(try await AccessGrant.query(on: app.app.db).filter(\.$employeeID == company.carl.id!).first()?.revokedAt == nil)

            // The review's page: progress, who still has to decide, and the VPN removal to do by hand.
            var page = try await it.get("/access-reviews/\(review.id!)")
            #expect(page.body.contains("3 of 4 decided (75 %): 2 kept, 1 taken away"))
            #expect(page.body.contains("Delete the user in the VPN appliance") && page.body.contains("Removals to do by hand"))
            let removal = try #require(
                try await AccessReviewItem.query(on: app.app.db).filter(\.$decisionRaw == "revoked").first())
            #expect(
                try await it.submit("/access-review-items/\(removal.id!)/removed", [:], from: "/access-reviews/\(review.id!)").status
                    == .seeOther)
            page = try await it.get("/access-reviews/\(review.id!)?decision=pending")
            #expect(page.body.contains("Carl Car") && !page.body.contains("Anna Aas</a>"))
            #expect(try await it.get("/access-reviews/\(review.id!)?decision=maybe").status == .unprocessableEntity)

            // Past the deadline with Carl's item undecided: the list says so (signed in anew: the sessions expired).
            app.clock.advance(9 * 86400)
            let later = try await app.signedIn(.itManager)
            #expect(try await later.get("/access-reviews").body.contains("Past its deadline"))
            let maria = Browser(app)
            _ = try await maria.signIn(email: company.managerEmail, password: TestApp.password)

            // Closed: no decisions after this; the evidence has every item.
            #expect(
                try await later.submit("/access-reviews/\(review.id!)/close", [:], from: "/access-reviews/\(review.id!)").status
                    == .seeOther)
            let late = try await maria.submit(
                "/access-reviews/\(review.id!)/decisions", ["decision.\(item(company.anna, company.vpn))": "revoked"], from: "/me/reviews")
            #expect(late.status == .conflict)
            let csv = try await later.get("/access-reviews/\(review.id!)/evidence.csv")
            #expect(csv.headers.contentType?.subType == "csv")
            let lines = csv.body.split(separator: "\r\n")
            #expect(lines.count == 5)
            #expect(lines.contains { $0.hasPrefix("VPN,B1,Bert Berg,Maria Manager,revoked,") && $0.contains("Moved to the warehouse") })
            #expect(lines.contains { $0.hasPrefix("CRM,C1,Carl Car,Olga Owner,pending,") })
            let actions = try await AuditEntry.query(on: app.app.db).filter(\.$entityType == "access_review").all().map(\.action)
            #expect(actions.filter { $0 == "access_review.decide" }.count == 3)
            #expect(Set(actions).isSuperset(of: ["access_review.create", "access_review.removal_done", "access_review.close"]))
        }
    }

    @Test("The API starts a review, shows a manager only their items, records decisions and refuses after closing")
    func api() async throws {
        try await TestApp.with { app in
            let company = try await Self.company(app)
            let (_, token) = try await app.token(.itManager)
            let it = APIClient(app, token: token)
            let deadline = try await app.app.organisationToday().adding(days: 3).description
            let created = try await it.call(
                .POST, "/api/v1/access-reviews",
                ["title": "VPN only", "deadline": deadline, "applicationIds": [company.vpn.id!.uuidString]])
            #expect(created.status == .created && created.json["pending"] as? Int == 2)
            let id = try #require(created.json["id"] as? String)
            #expect(try await it.call(.POST, "/api/v1/access-reviews", ["title": "", "deadline": "soon"]).status == .unprocessableEntity)

            // Maria, with a token of her own: her two items.
            let maria = try #require(try await User.query(on: app.app.db).filter(\.$id == company.manager.userID!).first())
            let (_, secret) = try await TokenService(app: app.app, actor: .system).create(
                userID: maria.id!, label: "t", scope: .readWrite, expiresInDays: nil)
            let manager = APIClient(app, token: secret)
            let items = try await manager.call(.GET, "/api/v1/access-reviews/\(id)/items")
            let rows = try #require(items.json["items"] as? [[String: Any]])
            #expect(rows.count == 2)
            let decided = try await manager.call(
                .POST, "/api/v1/access-reviews/\(id)/decisions",
                ["decisions": rows.map { ["itemId": $0["id"]!, "decision": "confirmed"] }])
            #expect(decided.status == .ok && decided.json["confirmed"] as? Int == 2)
            #expect(try await manager.call(.POST, "/api/v1/access-reviews/\(id)/close").status == .forbidden)
            #expect(try await it.call(.POST, "/api/v1/access-reviews/\(id)/close").status == .ok)
            #expect(try await it.call(.POST, "/api/v1/access-reviews/\(id)/close").status == .conflict)
            let late = try await manager.call(
                .POST, "/api/v1/access-reviews/\(id)/decisions", ["decisions": [["itemId": rows[0]["id"]!, "decision": "revoked"]]])
            #expect(late.status == .conflict)
        }
    }

    @Test(
        "The person's own copy (Art. 15) has the review's decision on their access and their directory account; a closed review goes after three years"
    )
    func personalDataAndRetention() async throws {
        try await TestApp.with { app in
            let company = try await Self.company(app)
            let user = try await app.makeUser(.employee)
            let anna = try #require(try await Employee.find(company.anna.id, on: app.app.db))
            anna.userID = user.id
            try await anna.update(on: app.app.db)
            let service = AccessReviewService(app: app.app, actor: .system)
            let deadline = try await app.app.organisationToday().adding(days: 1).description
            let review = try await service.start(title: "Spring review", deadline: deadline, appIDs: [company.vpn.id!])
            let item = try #require(
                try await AccessReviewItem.query(on: app.app.db).filter(\.$employeeID == anna.id!).first())
            try await service.decide(
                review.id!, [.init(itemID: item.id!, decision: .revoked, note: "Project over")], reviewer: nil, mayDecideAll: true)
            let account = DirectoryAccount()
            (account.id, account.employeeID, account.username, account.dn) = (UUID(), anna.id!, "anna.aas", "uid=anna.aas,ou=people,dc=x")
            (account.statusRaw, account.createdAt) = ("active", app.clock.now)
            try await account.create(on: app.app.db)

            let (_, secret) = try await TokenService(app: app.app, actor: .system).create(
                userID: user.id!, label: "t", scope: .read, expiresInDays: nil)
            let data = try await APIClient(app, token: secret).call(.GET, "/api/v1/me/data")
            let reviews = try #require(data.json["accessReviews"] as? [[String: Any]])
            #expect(reviews.count == 1 && reviews[0]["decision"] as? String == "revoked" && reviews[0]["note"] as? String == "Project over")
            #expect((data.json["directoryAccount"] as? [String: Any])?["username"] as? String == "anna.aas")
            let browser = Browser(app)
            _ = try await browser.signIn(email: user.email, password: TestApp.password)
            let page = try await browser.get("/me/data")
            #expect(page.body.contains("Access reviews of your access") && page.body.contains("Spring review"))
            #expect(
                page.body.contains("Account in the company&#39;s directory") || page.body.contains("Account in the company's directory"))

            _ = try await service.close(review.id!)
            app.clock.advance(35 * 31 * 86400)
            _ = try await AccessRetention.run(app: app.app, now: app.clock.now)
            #expect(try await AccessReview.find(review.id, on: app.app.db) != nil)
            app.clock.advance(2 * 31 * 86400)
            _ = try await AccessRetention.run(app: app.app, now: app.clock.now)
            #expect(try await AccessReview.find(review.id, on: app.app.db) == nil)
            #expect(try await AccessReviewItem.query(on: app.app.db).filter(\.$reviewID == review.id!).count() == 0)
        }
    }

    @Test("Only those who manage applications start and close reviews; a person with nothing to decide is told so")
    func permissions() async throws {
        try await TestApp.with { app in
            _ = try await Self.company(app)
            for role in [Role.technician, .peopleOfficer] {
                let browser = try await app.signedIn(role)
                #expect(try await browser.get("/access-reviews").status == .ok, "\(role)")
                #expect(try await browser.get("/access-reviews/new").status == .forbidden, "\(role)")
                #expect(
                    try await browser.submit("/access-reviews", ["title": "x", "deadline": "2030-01-01"], from: "/").status == .forbidden)
            }
            let employee = try await app.signedIn(.employee)
            #expect(try await employee.get("/access-reviews").status == .forbidden)
            let mine = try await employee.get("/me/reviews")
            #expect(mine.status == .ok && mine.body.contains("not linked to an employee record"))
        }
    }
}
