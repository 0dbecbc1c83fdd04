/// One reply of an SMTP server (RFC 5321 §4.2): a three-digit code and one or more lines of text.
public struct SMTPReply: Sendable, Equatable {
    public let code: Int
    public let lines: [String]

    public init(code: Int, lines: [String]) {
        (self.code, self.lines) = (code, lines)
    }

    public var isPositive: Bool { (200..<400).contains(code) }
    /// What the reply says, on one line, for an error message.
    public var text: String { "\(code) " + lines.joined(separator: " ") }

    /// The extensions an EHLO reply announces, upper-cased keywords with their parameters: `["STARTTLS": [], "AUTH":
    /// ["PLAIN", "LOGIN"]]`. The first line is the greeting, not an extension.
    public var extensions: [String: [String]] {
        var result: [String: [String]] = [:]
        for line in lines.dropFirst() {
            let words = line.split(separator: " ").map { $0.uppercased() }
            guard let keyword = words.first else { continue }
            result[keyword] = Array(words.dropFirst())
        }
        return result
    }
}

/// Reads SMTP replies line by line: `250-first`, `250-second`, `250 last` make one reply.
public struct SMTPReplyReader: Sendable {
    public struct Malformed: Error, Equatable, CustomStringConvertible {
        public let line: String
        public var description: String { "not an SMTP reply line: \(line)" }
    }

    private var code: Int?
    private var lines: [String] = []

    public init() {}

    /// Takes one line without its CRLF; returns the reply when the line completes it.
    public mutating func read(_ line: String) throws(Malformed) -> SMTPReply? {
        let characters = Array(line.utf8)
        guard characters.count >= 3, let value = Int(String(decoding: characters[0..<3], as: UTF8.self)), (200...599).contains(value),
            characters.count == 3 || characters[3] == UInt8(ascii: " ") || characters[3] == UInt8(ascii: "-")
        else { throw Malformed(line: line) }
        if let code, code != value { throw Malformed(line: line) }
        code = value
        lines.append(characters.count > 4 ? String(decoding: characters[4...], as: UTF8.self) : "")
        guard characters.count == 3 || characters[3] == UInt8(ascii: " ") else { return nil }
        defer { (self.code, lines) = (nil, []) }
        return SMTPReply(code: value, lines: lines)
    }
}
