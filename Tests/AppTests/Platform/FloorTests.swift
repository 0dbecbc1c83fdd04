import Foundation
import Testing

/// The one-way rule of `docs/architecture.md`: the floor (`Sources/App/Platform`) serves every capability and names
/// none. A type declared in a capability's folder and named in a floor file fails this test, with the file and line.
@Suite struct FloorTests {
    static let app = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/App")
    static let capabilities = ["Organisation", "Inventory", "Monitoring", "Usage"]

    static func swiftFiles(under folder: String) throws -> [URL] {
        let root = app.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
    }

    /// Code without comments and string literals: a type's name in a sentence is no dependency.
    static func code(_ text: String) -> String {
        var text = text.replacingOccurrences(of: #""""[\s\S]*?""""#, with: "\"\"", options: .regularExpression)
        text = text.replacingOccurrences(of: #"/\*[\s\S]*?\*/"#, with: "", options: .regularExpression)
        text = text.replacingOccurrences(of: #""(\\.|[^"\\\n])*""#, with: "\"\"", options: .regularExpression)
        return text.replacingOccurrences(of: #"//[^\n]*"#, with: "", options: .regularExpression)
    }

    /// The top-level types the capabilities declare.
    static func capabilityTypes() throws -> [String: String] {
        let declaration = try Regex(
            #"(?m)^(?:(?:public|internal|package|final|indirect)\s+)*(?:struct|enum|class|actor|protocol|typealias)\s+([A-Z]\w*)"#)
        var types: [String: String] = [:]
        for folder in capabilities {
            for file in try swiftFiles(under: folder) {
                let text = try String(contentsOf: file, encoding: .utf8)
                for match in text.matches(of: declaration) {
                    if let name = match.output[1].substring { types[String(name)] = "\(folder)/\(file.lastPathComponent)" }
                }
            }
        }
        return types
    }

    @Test func theFloorNamesNoCapabilityType() throws {
        let types = try Self.capabilityTypes()
        #expect(types.count > 200, "the capabilities' types were not found under \(Self.app.path)")
        let word = try Regex(#"\b[A-Z]\w*\b"#)
        var crossings: [String] = []
        for file in try Self.swiftFiles(under: "Platform") {
            let lines = Self.code(try String(contentsOf: file, encoding: .utf8)).split(separator: "\n", omittingEmptySubsequences: false)
            for (number, line) in lines.enumerated() {
                for match in line.matches(of: word) where types[String(line[match.range])] != nil {
                    let name = String(line[match.range])
                    crossings.append(
                        "\(file.path.replacingOccurrences(of: Self.app.path + "/", with: "")):\(number + 1) names \(name) (\(types[name]!))"
                    )
                }
            }
        }
        #expect(crossings.isEmpty, "the floor names capability types:\n\(crossings.joined(separator: "\n"))")
    }

    @Test func theCheckSeesACrossing() throws {
        // The test above would pass vacuously if the scan missed names; a known capability type is found in code...
        let types = try Self.capabilityTypes()
        #expect(types["Employee"] != nil && types["Check"] != nil && types["UsageIngest"] != nil)
        // ...and a comment or a string naming one is not code.
        #expect(!Self.code("let x = 1 // Employee\nlet y = \"Employee\"").contains("Employee"))
        #expect(Self.code("let e: Employee").contains("Employee"))
    }
}
