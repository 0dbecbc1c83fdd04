import Domain
import Foundation
import Vapor

/// Reads an import file: CSV (RFC 4180, UTF-8, a header row) or a JSON array of objects with the same keys.
enum ImportFile {
    /// Rows of column → value from a CSV file, or a JSON array of objects with the same keys.
    static func rows(from data: [UInt8]) throws -> (header: [String], rows: [[String: String]]) {
        let firstByte = data.drop(while: { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF })
            .first
        if firstByte == UInt8(ascii: "[") {
            guard let objects = try? JSONSerialization.jsonObject(with: Data(data)) as? [[String: Any]] else {
                throw ImportProblem(row: 1, column: "", code: "not_json_table")
            }
            let rows = objects.map { object in
                object.mapValues { value -> String in
                    switch value {
                    case let text as String: text
                    case is NSNull: ""
                    default: "\(value)"
                    }
                }
            }
            return (Array(Set(rows.flatMap(\.keys))), rows)
        }
        let table: [[String]]
        do {
            table = try CSV.parse(data)
        } catch {
            throw ImportProblem(row: error.line, column: "", code: error.reason.rawValue)
        }
        guard let header = table.first?.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) else {
            throw ImportProblem(row: 1, column: "", code: "empty_file")
        }
        let rows = table.dropFirst().map { fields in
            var row: [String: String] = [:]
            for (index, name) in header.enumerated() where index < fields.count { row[name] = fields[index] }
            return row
        }
        return (header, rows)
    }
}

/// A problem with the file itself, before its rows can be read.
struct ImportProblem: Error {
    let row: Int
    let column: String
    let code: String
}

/// What an import found and did. Row numbers count the file's lines, the header being row 1.
struct ImportReport: Content {
    struct RowError: Content {
        let row: Int
        let column: String
        let code: String
        let message: String
        /// What the file holds there, so a person can find and mend it; nil for a missing or empty value.
        var value: String? = nil
    }

    let rows: Int
    let created: Int
    let updated: Int
    let unchanged: Int
    /// Rows left out for their problems, when only the valid rows were asked for.
    var skipped = 0
    let errors: [RowError]
    let committed: Bool
}

/// Collects an import's problems, each with its message in the reader's language, and reads the file's table with
/// its header checked against the known and required columns — the opening every import shares.
struct ImportProblems {
    private(set) var errors: [ImportReport.RowError] = []
    /// The columns the file has, once read.
    private(set) var header: [String] = []
    let localizer: Localizer
    let language: Language

    /// The rows read, to name the bad value of a problem (row 2 is the first after the header).
    private(set) var table: [[String: String]] = []

    init(localizer: Localizer, language: Language) {
        self.localizer = localizer
        self.language = language
    }

    mutating func fail(_ row: Int, _ column: String, _ code: String) {
        let key = FieldError.Code(rawValue: code).map(\.messageKey) ?? "import.\(code)"
        let value = table.indices.contains(row - 2) ? table[row - 2][column]?.trimmingCharacters(in: .whitespaces).nilIfEmpty : nil
        errors.append(
            .init(
                row: row, column: column, code: code, message: localizer.text(key, language, ["column": column]),
                value: value.map(Self.shown)))
    }

    /// A value as a problem list shows it: at most 100 characters.
    private static func shown(_ value: String) -> String { value.count > 100 ? String(value.prefix(99)) + "…" : value }

    /// The file's rows, or nil when the file or its header is unusable (the problems say why).
    mutating func readTable(_ data: [UInt8], known: [String], required: Set<String>) -> [[String: String]]? {
        let rows: [[String: String]]
        do {
            (header, rows) = try ImportFile.rows(from: data)
            table = rows
        } catch let problem as ImportProblem {
            fail(problem.row, problem.column, problem.code)
            return nil
        } catch {
            fail(1, "", "empty_file")
            return nil
        }
        for column in header where !known.contains(column) { fail(1, column, "unknown_column") }
        for column in required.sorted() where !header.contains(column) { fail(1, column, "missing_column") }
        return errors.isEmpty ? rows : nil
    }

    /// The report of a run that wrote nothing.
    func refused(rows: Int) -> ImportReport {
        ImportReport(rows: rows, created: 0, updated: 0, unchanged: 0, errors: errors, committed: false)
    }

    var sortedErrors: [ImportReport.RowError] { errors.sorted { ($0.row, $0.column) < ($1.row, $1.column) } }
}
