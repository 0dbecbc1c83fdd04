import Foundation
import Testing

@testable import App

@Suite("JSON upsert text")
struct JSONUpsertTests {
    @Test("Text from a log line that holds quotes, backslashes or control characters is escaped; numbers and nulls are plain")
    func escaping() throws {
        let table = JSONUpsert.Table(
            name: "t", columns: [("a", .text), ("b", .integer), ("c", .uuid), ("d", .text)], key: ["a"], adding: ["b"])
        var rows = JSONUpsert.Rows(table)
        rows.append { row in
            row.add(JSONUpsert.Fragment([.text("a\"b\\c\u{1}d"), .integer(-5)]))
            row.add(.uuid(nil))
            row.add(.text("plain.example"))
        }
        rows.append { $0.add(JSONUpsert.Fragment([.text("x"), .integer(1), .uuid(nil), .text("y")])) }
        let json = try #require(rows.finished.first)
        #expect(json == #"[["a\"b\\c\u0001d",-5,null,"plain.example"],["x",1,null,"y"]]"#)
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[Any]]
        #expect(decoded?.first?.first as? String == "a\"b\\c\u{1}d")
    }
}
