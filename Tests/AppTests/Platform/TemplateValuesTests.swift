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
                href: "/employees/1", number: "E001", name: "Kadri Kask",
                cells: [TableCell("CEO").labelled("Job title"), TableCell("kadri@example.com", href: "mailto:kadri@example.com")]))
        try expectSame(TableCell("1 200,00 €", numeric: true).labelled("Cost"))
        try expectSame(Choice(value: "v", label: "Tallinn", selected: true))
        try expectSame(LayoutContext.NavItem(href: "/employees", labelKey: "nav.employees", active: false))
        try expectSame(LayoutContext.LanguageChoice(code: "et", name: "Eesti", selected: true))
    }

    private func expectSame<Value: Encodable & LeafDataRepresentable>(_ value: Value) throws {
        let codable = plain(try JSONSerialization.jsonObject(with: JSONEncoder().encode(value)))
        #expect(plain(value.leafData) == codable, "\(Value.self)")
    }

    /// Either form as text, dictionaries in key order, so nested rows and cells compare too.
    private func plain(_ value: Any) -> String {
        switch value {
        case let data as LeafData:
            if let dictionary = data.dictionary, data.celf == .dictionary { return plain(dictionary as [String: Any]) }
            if let array = data.array, data.celf == .array { return plain(array as [Any]) }
            return data.celf == .bool ? (data.bool! ? "true" : "false") : (data.string ?? "?")
        case let dictionary as [String: Any]:
            return "{" + dictionary.keys.sorted().map { "\($0):\(plain(dictionary[$0]!))" }.joined(separator: ",") + "}"
        case let array as [Any]: return "[" + array.map(plain).joined(separator: ",") + "]"
        case let text as String: return text
        // These values hold no numbers, only flags.
        case let flag as Bool: return flag ? "true" : "false"
        default: return "?"
        }
    }
}
