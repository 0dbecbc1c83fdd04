import Foundation
import Testing

@testable import Domain

@Suite("Custom fields")
struct CustomFieldsTests {
    @Test("Keys are lower-case letters, digits and underscores, starting with a letter")
    func keys() {
        #expect(CustomFieldDefinition.keyProblem("screen_size") == nil)
        #expect(CustomFieldDefinition.keyProblem("x1") == nil)
        #expect(CustomFieldDefinition.keyProblem("") == .required)
        #expect(CustomFieldDefinition.keyProblem(String(repeating: "a", count: 41)) == .tooLong)
        for bad in ["1st", "Screen", "screen size", "größe", "_x", "a-b"] {
            #expect(CustomFieldDefinition.keyProblem(bad) == .invalid, "\(bad)")
        }
    }

    @Test("Values are normalised by kind, or refused with the reason")
    func values() {
        let number = CustomFieldDefinition(key: "n", label: "N", kind: .number)
        #expect(number.normalise(" 27 ") == .stored("27"))
        #expect(number.normalise("27,5") == .stored("27.5"))
        #expect(number.normalise("-0.25") == .stored("-0.25"))
        for bad in ["1.2.3", "12a", ".5", "5.", "--1", "1e3"] { #expect(number.normalise(bad) == .refused(.invalid), "\(bad)") }
        let date = CustomFieldDefinition(key: "d", label: "D", kind: .date)
        #expect(date.normalise("2027-02-28") == .stored("2027-02-28"))
        #expect(date.normalise("2027-02-30") == .refused(.dateInvalid))
        let choice = CustomFieldDefinition(key: "c", label: "C", kind: .choice, choices: ["Black", "Silver"])
        #expect(choice.normalise("silver") == .stored("Silver"))
        #expect(choice.normalise("Gold") == .refused(.invalid))
        let text = CustomFieldDefinition(key: "t", label: "T", kind: .text)
        #expect(text.normalise("   ") == .stored(nil))
        #expect(text.normalise(String(repeating: "x", count: 501)) == .refused(.tooLong))
    }

    @Test("Choices are read one per line, each once; values are stored as sorted JSON")
    func storage() {
        #expect(CustomFieldDefinition.choices(fromLines: " Black \n\nSilver\r\nblack\n") == ["Black", "Silver"])
        #expect(CustomValues.encode(["b": "2", "a": "x/y"]) == #"{"a":"x/y","b":"2"}"#)
        #expect(CustomValues.encode([:]) == "{}")
        #expect(CustomValues.decode(#"{"a":"1"}"#) == ["a": "1"])
        #expect(CustomValues.decode("not json").isEmpty)
    }
}
