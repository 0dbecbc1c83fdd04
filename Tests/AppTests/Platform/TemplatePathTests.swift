import Foundation
import Testing
import Vapor

@testable import App

/// Every address a template writes by hand (`href="/…"`, `action="/…"`) is one a route serves (issue 20): a route
/// renamed or removed fails here, naming the template, instead of leaving a link that answers 404.
@Suite struct TemplatePathTests {
    static let views = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/App/Resources/Views")

    /// Each template's literal paths, with Leaf's `#(…)` values standing for one dynamic segment each.
    static func literalPaths() throws -> [(template: String, path: [String])] {
        let attribute = try Regex(#"(?:href|action)="(/[^"]*)""#)
        guard let walker = FileManager.default.enumerator(at: views, includingPropertiesForKeys: nil) else { return [] }
        var found: [(String, [String])] = []
        for case let file as URL in walker where file.pathExtension == "leaf" {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: attribute) {
                guard let raw = match.output[1].substring else { continue }
                // Leaf values become a marker; the query and the fragment are not the route's business.
                var path = String(raw).replacingOccurrences(of: #"#\([^)]*\)"#, with: "\u{1}", options: .regularExpression)
                path = String(path.prefix { $0 != "?" && $0 != "#" })
                if path.hasPrefix("/assets/") { continue }
                let segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
                found.append((file.lastPathComponent, segments))
            }
        }
        return found
    }

    static func served(_ segments: [String], by routes: [Route]) -> Bool {
        routes.contains { route in
            let components = route.path
            if components.last == .catchall { return segments.count >= components.count - 1 }
            guard components.count == segments.count else { return false }
            return zip(components, segments).allSatisfy { component, segment in
                switch component {
                case .constant(let constant): return constant == segment
                // A route's parameter takes a template's value (`#(row.id)`), not a word written by hand: a typo such
                // as `/hardware/stoktake` must not pass as an asset's id.
                case .parameter, .anything: return segment.contains("\u{1}")
                case .catchall: return true
                }
            }
        }
    }

    @Test("Every literal href and form action in the templates is served by a route")
    func everyLiteralPathIsServed() async throws {
        let paths = try Self.literalPaths()
        #expect(paths.count > 100, "the templates' paths were not found under \(Self.views.path)")
        try await TestApp.with { app in
            let routes = app.app.routes.all
            let unserved = paths.filter { !Self.served($0.path, by: routes) }
                .map { "\($0.template): /\($0.path.joined(separator: "/").replacingOccurrences(of: "\u{1}", with: "#(…)"))" }
            #expect(unserved.isEmpty, "no route serves:\n\(Set(unserved).sorted().joined(separator: "\n"))")
            // And the check can fail: a path nobody serves is caught.
            #expect(!Self.served(["hardware", "stoktake"], by: routes) && Self.served(["hardware", "\u{1}", "edit"], by: routes))
        }
    }
}
