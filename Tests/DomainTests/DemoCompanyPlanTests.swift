import Foundation
import Testing

@testable import Domain

@Suite("Demo company plan")
struct DemoCompanyPlanTests {
    let plan = DemoCompanyPlan(employees: 150, seed: 1)

    @Test("The same seed gives the same company; another seed another")
    func deterministic() {
        let again = DemoCompanyPlan(employees: 150, seed: 1)
        #expect(plan.people.map(\.email) == again.people.map(\.email))
        #expect(plan.people.map(\.id) == again.people.map(\.id))
        #expect(DemoCompanyPlan(employees: 150, seed: 2).people.map(\.email) != plan.people.map(\.email))
    }

    @Test("It has the requested head count, three sites and eight departments")
    func shape() {
        #expect(plan.people.count == 150)
        #expect(plan.sites.map(\.name) == ["Tallinn", "Hamburg", "Stockholm"])
        #expect(plan.departments.count == 8)
        #expect(Set(plan.people.map(\.number)).count == 150)
        #expect(Set(plan.people.map(\.email)).count == 150)
    }

    @Test("IT has five people, led by the senior IT manager")
    func itDepartment() {
        let it = plan.departments.first { $0.name == "IT" }!
        let people = plan.people.filter { $0.departmentID == it.id }
        #expect(people.count == 5)
        let head = people.first { $0.id == it.managerID }
        #expect(head?.firstName == "Karin" && head?.lastName == "Lindqvist")
    }

    @Test("Managers come before their reports, and no reporting line loops")
    func reportingLines() async {
        var seen = Set<UUID>()
        for person in plan.people {
            if let manager = person.managerID { #expect(seen.contains(manager), "\(person.number)'s manager comes later") }
            seen.insert(person.id)
        }
        let managers = Dictionary(uniqueKeysWithValues: plan.people.map { ($0.id, $0.managerID) })
        for person in plan.people {
            #expect(!(await Hierarchy.wouldCreateCycle(node: person.id, newParent: person.managerID) { managers[$0] ?? nil }))
        }
        #expect(plan.people.filter { $0.managerID == nil }.count == 1)
    }

    @Test("Names fit the site's country, and e-mail addresses are plain ASCII")
    func names() {
        let tallinn = plan.sites[0].id
        let estonians = plan.people.filter { $0.siteID == tallinn && $0.managerID != nil }.prefix(20)
        let estonianSurnames = Set(DemoCompanyPlan.names["EE"]!.last + DemoCompanyPlan.namedPeople.map(\.last))
        #expect(estonians.allSatisfy { estonianSurnames.contains($0.lastName) })
        #expect(plan.people.allSatisfy { $0.email.allSatisfy(\.isASCII) })
        #expect(DemoCompanyPlan.ascii("Mägi") == "maegi" && DemoCompanyPlan.ascii("Põder") == "poder")
    }

    @Test("Departments' parents and heads exist")
    func departments() {
        let ids = Set(plan.people.map(\.id))
        #expect(plan.departments.allSatisfy { $0.managerID.map(ids.contains) ?? false })
        #expect(plan.departments.filter { $0.parentID == nil }.map(\.name) == ["Management"])
    }
}
