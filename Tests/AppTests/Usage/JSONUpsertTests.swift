import Foundation
import Testing

@testable import App

@Suite("JSON upsert text")
struct JSONUpsertTests {
    @Test("Text from a log line that holds quotes, backslashes or control characters is escaped; numbers and nulls are plain")
    func escaping() throws {
        let json = JSONUpsert.json([[.text("a\"b\\c\u{1}d"), .integer(-5), .uuid(nil), .text("plain.example")]][...])
        #expect(json == #"[["a\"b\\c\u0001d",-5,null,"plain.example"]]"#)
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[Any]]
        #expect(decoded?.first?.first as? String == "a\"b\\c\u{1}d")
    }
}
