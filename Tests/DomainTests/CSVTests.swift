import PropertyBased
import Testing

@testable import Domain

@Suite("CSV")
struct CSVTests {
    func parse(_ text: String) throws -> [[String]] { try CSV.parse(Array(text.utf8)) }

    @Test("Plain, quoted and empty fields, CRLF and LF, with or without a final line break")
    func shapes() throws {
        #expect(try parse("a,b,c\r\n1,2,3\r\n") == [["a", "b", "c"], ["1", "2", "3"]])
        #expect(try parse("a,b\n1,\n") == [["a", "b"], ["1", ""]])
        #expect(try parse("a,b\n\"x, y\",\"say \"\"hi\"\"\"") == [["a", "b"], ["x, y", "say \"hi\""]])
        #expect(try parse("a\n\"two\nlines\"\n") == [["a"], ["two\nlines"]])
        #expect(try parse("a,b\n\n1,2\n") == [["a", "b"], ["1", "2"]])
    }

    @Test("A byte-order mark and semicolons, as Excel writes CSV in Germany and Sweden, are understood")
    func excel() throws {
        let data: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("Name;Ort\nMüller;Köln\n".utf8)
        #expect(try CSV.parse(data) == [["Name", "Ort"], ["Müller", "Köln"]])
    }

    @Test("Broken quoting is reported with its line")
    func errors() {
        #expect(throws: CSV.ParseError(line: 2, reason: .unterminatedQuote)) { try parse("a\n\"open") }
        #expect(throws: CSV.ParseError(line: 1, reason: .textAfterQuote)) { try parse("\"a\"b,c") }
        #expect(throws: CSV.ParseError(line: 1, reason: .notUTF8)) { try CSV.parse([0x61, 0xFF, 0x0A]) }
    }

    @Test("Whatever is written reads back the same")
    func roundTrip() async {
        let field = Gen.oneOf(
            Gen.letterOrNumber.string(of: 0...8), Gen.always("a,b"), Gen.always("\"q\""), Gen.always("x\ny"), Gen.always(" pad "))
        await propertyCheck(input: field.array(of: 1...6).array(of: 1...5)) { rows in
            let text = rows.map(CSV.line).joined()
            let parsed = try? CSV.parse(Array(text.utf8))
            // A row of one empty field is a blank line, which readers skip.
            #expect(parsed == rows.filter { !($0.count == 1 && $0[0].isEmpty) })
        }
    }
}
