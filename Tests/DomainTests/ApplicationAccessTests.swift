import Foundation
import Testing

@testable import Domain

@Suite("Who gets an application by default")
struct ApplicationAccessTests {
    let sales = UUID()
    let legal = UUID()
    let berlin = UUID()

    @Test("Everyone, a department, a site, a job title without regard to case or spaces; nothing else")
    func audiences() {
        let person = Placement(departmentID: sales, siteID: berlin, jobTitle: "Account Manager ")
        #expect(AccessAudience.everyone.includes(person))
        #expect(AccessAudience.department(sales).includes(person) && !AccessAudience.department(legal).includes(person))
        #expect(AccessAudience.site(berlin).includes(person) && !AccessAudience.site(legal).includes(person))
        #expect(AccessAudience.jobTitle("account manager").includes(person))
        #expect(!AccessAudience.jobTitle("accountant").includes(person))
        #expect(!AccessAudience.jobTitle("x").includes(Placement(departmentID: nil, siteID: nil, jobTitle: nil)))
        #expect(AccessAudience(kind: "job_title", value: "  ") == nil && AccessAudience(kind: "department", value: "x") == nil)
        #expect(AccessAudience(kind: "site", value: berlin.uuidString) == .site(berlin) && AccessAudience(kind: "nobody", value: "") == nil)
    }

    @Test("A mover gets what the new place gives and loses only default grants the new place does not give; decided grants stay")
    func difference() throws {
        let (mail, crm, legalDB, vpn) = (UUID(), UUID(), UUID(), UUID())
        let apps = [
            DefaultAccess.Application(id: mail, audiences: [.everyone]),
            DefaultAccess.Application(id: crm, audiences: [.department(sales), .jobTitle("Sales Assistant")]),
            DefaultAccess.Application(id: legalDB, audiences: [.department(legal)]),
            DefaultAccess.Application(id: vpn, audiences: []),
        ]
        let inLegal = Placement(departmentID: legal, siteID: berlin, jobTitle: nil)
        #expect(DefaultAccess.due(apps, for: inLegal) == [mail, legalDB])
        let held = [
            DefaultAccess.Held(applicationID: mail, byDefault: true), DefaultAccess.Held(applicationID: crm, byDefault: true),
            DefaultAccess.Held(applicationID: vpn, byDefault: false),
        ]
        let moved = DefaultAccess.difference(apps, placement: inLegal, held: held)
        #expect(moved.grant == [legalDB] && moved.revoke == [crm])
        // A decided grant of an application the new place does not give is not proposed for removal.
        let decided = DefaultAccess.difference(
            apps, placement: inLegal, held: [DefaultAccess.Held(applicationID: crm, byDefault: false)])
        #expect(decided.revoke.isEmpty && decided.grant == [mail, legalDB])
        let encoded = try JSONEncoder().encode([AccessAudience.jobTitle("Sales Assistant"), .everyone])
        #expect(try JSONDecoder().decode([AccessAudience].self, from: encoded) == [.jobTitle("Sales Assistant"), .everyone])
    }
}
