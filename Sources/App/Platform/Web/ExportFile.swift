import Domain
import Foundation
import Vapor

/// The two shapes a table is exported in; both re-import unchanged.
enum ExportFormat: String, CaseIterable, Sendable {
    case csv, json

    var contentType: HTTPMediaType {
        self == .csv ? HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"]) : .json
    }
}

/// A table as a file: CSV (RFC 4180, UTF-8) or JSON objects with the header's keys.
enum ExportFile {
    static func encode(header: [String], rows: [[String]], format: ExportFormat) throws -> Data {
        switch format {
        case .csv:
            var text = CSV.line(header)
            for row in rows { text += CSV.line(row) }
            return Data(text.utf8)
        case .json:
            let objects = rows.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
            return try JSONSerialization.data(withJSONObject: objects, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        }
    }
}
