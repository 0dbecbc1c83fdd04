import Foundation
import Testing

@testable import Domain

@Suite("Catalogues and languages")
struct LocalizationTests {
    let catalogue = try! Catalogue(
        language: .de,
        json: Data(#"{"greeting": "Hallo, {name}.", "items": {"one": "{count} Eintrag", "other": "{count} Einträge"}}"#.utf8))

    @Test("Placeholders are filled")
    func placeholders() {
        #expect(catalogue.text("greeting", ["name": "Anna"]) == "Hallo, Anna.")
    }

    @Test("Plural forms follow the count", arguments: [(0, "0 Einträge"), (1, "1 Eintrag"), (2, "2 Einträge"), (1234, "1.234 Einträge")])
    func plurals(_ count: Int, _ expected: String) {
        let formatted = count == 1234 ? "1.234" : String(count)
        #expect(catalogue.plural("items", count: count, formattedCount: formatted) == expected)
    }

    @Test("A missing key shows itself, so a gap is visible")
    func missingKey() {
        #expect(catalogue.text("nope") == "nope")
    }

    @Test("A plural entry without 'other' is refused when loading")
    func malformedPlural() {
        #expect(throws: Catalogue.LoadError.self) {
            try Catalogue(language: .en, json: Data(#"{"x": {"one": "a"}}"#.utf8))
        }
    }

    @Test(
        "Accept-Language picks the best supported language",
        arguments: [
            ("de-DE,de;q=0.9,en;q=0.8", Language.de), ("fr-FR, sv;q=0.5, en;q=0.4", .sv), ("et", .et), ("en-GB", .en),
            ("fr, es", nil), ("de;q=0, sv", .sv), ("en;q=0.5, et;q=0.9", .et),
        ] as [(String, Language?)])
    func negotiation(_ header: String, _ expected: Language?) {
        #expect(Language.negotiate(acceptLanguage: header) == expected)
    }

    @Test("Names sort as people expect: case and accents aside, numbers by value")
    func naturalOrder() {
        let names = ["Server 10", "server 9", "Ärla", "anna", "Server 9a"]
        #expect(names.sorted { $0.naturallyPrecedes($1) } == ["anna", "Ärla", "server 9", "Server 9a", "Server 10"])
        #expect(!"b".naturallyPrecedes("B") && !"B".naturallyPrecedes("b"))
    }
}
