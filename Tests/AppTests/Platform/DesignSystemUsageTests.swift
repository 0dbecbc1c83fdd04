import Foundation
import Testing

/// Every form and list uses the design system (issue 20): no template writes a field's error, a `<select>`'s options
/// or a sortable heading by hand, so what a reader hears about a field is the same everywhere.
@Suite struct DesignSystemUsageTests {
    static let views = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/App/Resources/Views")

    @Test("No template writes a field error, a select's options or a sort heading by hand")
    func templatesUseTheComponents() throws {
        let handWritten: [(what: String, pattern: String)] = [
            ("a field error", #"class="field-error""#),
            ("a select's options", #"#for\(\w+ in [\w.]+\):<option"#),
            ("a sort heading", #"aria-sort="ascending""#),
        ]
        let walker = try #require(FileManager.default.enumerator(at: Self.views, includingPropertiesForKeys: nil))
        var found: [String] = []
        for case let file as URL in walker where file.pathExtension == "leaf" {
            // The partials themselves are where these are written, once.
            if file.deletingLastPathComponent().lastPathComponent == "ui" { continue }
            let text = try String(contentsOf: file, encoding: .utf8)
            for (what, pattern) in handWritten where text.range(of: pattern, options: .regularExpression) != nil {
                found.append("\(file.lastPathComponent): \(what)")
            }
        }
        #expect(found.isEmpty, "written by hand instead of with the design system: \(found.sorted())")
    }
}
