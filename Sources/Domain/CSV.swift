/// RFC 4180 CSV: quoted fields, doubled quotes, separators and line breaks inside quotes, CRLF or LF, a leading
/// UTF-8 byte-order mark (as spreadsheet programs write it). Works on bytes; one pass, no backtracking.
public enum CSV {
    public struct ParseError: Error, Equatable, Sendable {
        /// 1-based line of the file where the problem was found.
        public let line: Int
        public let reason: Reason

        public enum Reason: String, Sendable {
            case unterminatedQuote = "unterminated_quote"
            case textAfterQuote = "text_after_quote"
            case notUTF8 = "not_utf8"
        }
    }

    /// One line of CSV (CRLF-terminated, as RFC 4180 says), quoting fields that need it.
    public static func line(_ fields: [String]) -> String {
        fields.map { field in
            guard
                field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == ";" }) || field.hasPrefix(" ")
                    || field.hasSuffix(" ")
            else { return field }
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",") + "\r\n"
    }
}
