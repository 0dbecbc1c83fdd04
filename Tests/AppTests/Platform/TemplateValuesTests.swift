import Foundation
import LeafKit
import Testing

@testable import App

/// The template values built by hand (see TemplateValues.swift) must say what their `Codable` form says: a field added
/// to one and not the other would vanish from the page without a word.
@Suite struct TemplateValuesTests {
    @Test func handBuiltValuesMatchTheirCodableForm() throws {
        try expectSame(
            EmployeePages.ListContent.Row(
                href: "/employees/1", number: "E001", name: "Kadri Kask", jobTitle: "CEO", department: "Management", site: "Tallinn",
                status: "Active"))
        try expectSame(Choice(value: "v", label: "Tallinn", selected: true))
        try expectSame(LayoutContext.NavItem(href: "/employees", labelKey: "nav.employees", active: false))
        try expectSame(LayoutContext.LanguageChoice(code: "et", name: "Eesti", selected: true))
    }

    private func expectSame<Value: Encodable & LeafDataRepresentable>(_ value: Value) throws {
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(value)) as! [String: Any]
        let codable = json.mapValues { value in (value as? String) ?? ((value as? Bool).map { $0 ? "true" : "false" } ?? "?") }
        let leaf = try #require(value.leafData.dictionary).mapValues { data in
            data.celf == .bool ? (data.bool! ? "true" : "false") : (data.string ?? "?")
        }
        #expect(leaf == codable, "\(Value.self)")
    }
}
