import Foundation

/// An e-mail as Quartermaster sends it: plain text in UTF-8 from one sender to one or more recipients, rendered as an
/// RFC 5322 message with MIME headers (RFC 2045) and encoded words for non-ASCII headers (RFC 2047).
public struct MailMessage: Sendable, Equatable {
    public var fromAddress: String
    public var fromName: String
    public var to: [String]
    public var subject: String
    public var body: String

    public init(fromAddress: String, fromName: String, to: [String], subject: String, body: String) {
        (self.fromAddress, self.fromName, self.to, self.subject, self.body) = (fromAddress, fromName, to, subject, body)
    }

    /// The message as it goes after SMTP's DATA, lines ending in CRLF, without the terminating dot. The body is base64,
    /// so no line of it starts with a dot or exceeds 76 characters whatever the text holds.
    public func rendered(date: Date, messageID: String) -> String {
        let sender = fromName.isEmpty ? fromAddress : "\(Self.phrase(fromName)) <\(fromAddress)>"
        var headers = [
            "Date: \(Self.dateHeader(date))",
            "From: \(sender)",
            "To: \(to.joined(separator: ", "))",
            "Subject: \(Self.encodedHeader(subject))",
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            // RFC 3834: an automatic message, so auto-responders stay quiet.
            "Auto-Submitted: auto-generated",
        ]
        let normalisedBody = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        let encoded = Data(normalisedBody.utf8).base64EncodedString()
        var lines: [Substring] = []
        var rest = Substring(encoded)
        while !rest.isEmpty {
            lines.append(rest.prefix(76))
            rest = rest.dropFirst(76)
        }
        headers.append("")
        return (headers + lines.map(String.init)).joined(separator: "\r\n") + "\r\n"
    }

    /// `Tue, 01 Dec 2026 23:53:19 +0000`: RFC 5322's date in UTC, in English whatever the locale.
    public static func dateHeader(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return "\(days[(parts.weekday ?? 1) - 1]), \(two(parts.day)) \(months[(parts.month ?? 1) - 1]) \(parts.year ?? 1970) "
            + "\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) +0000"
    }

    /// A header value: as it is when it is printable ASCII, otherwise as UTF-8 encoded words of at most 75 characters,
    /// folded onto continuation lines. A character is never split between two words.
    public static func encodedHeader(_ text: String) -> String {
        let flattened = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if flattened.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) { return flattened }
        var words: [String] = []
        var chunk = Data()
        for character in flattened {
            let bytes = Data(String(character).utf8)
            // 45 bytes are 60 base64 characters; with `=?UTF-8?B?` and `?=` a word stays under 75.
            if chunk.count + bytes.count > 45 {
                words.append("=?UTF-8?B?\(chunk.base64EncodedString())?=")
                chunk = Data()
            }
            chunk.append(bytes)
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?\(chunk.base64EncodedString())?=") }
        return words.joined(separator: "\r\n ")
    }

    /// A display name: an encoded word when it is not ASCII, otherwise a quoted string.
    static func phrase(_ name: String) -> String {
        let encoded = encodedHeader(name)
        if encoded != name { return encoded }
        return "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// A list of addresses as people type them: separated by commas, semicolons, spaces or lines.
    public static func addresses(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == ";" || $0.isWhitespace }).map(String.init)
    }
}

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

/// The SMTP conversation's pieces that are not I/O.
public enum SMTPProtocol {
    /// The message between DATA and the final dot: every line that starts with a dot gets another (RFC 5321 §4.5.2).
    public static func dotStuffed(_ message: String) -> String {
        var stuffed = message.hasPrefix(".") ? "." + message : message
        stuffed = stuffed.replacingOccurrences(of: "\r\n.", with: "\r\n..")
        return stuffed.hasSuffix("\r\n") ? stuffed : stuffed + "\r\n"
    }

    /// AUTH PLAIN's initial response (RFC 4616): base64 of NUL, user, NUL, password.
    public static func plainCredentials(username: String, password: String) -> String {
        Data(([0] + Array(username.utf8) + [0] + Array(password.utf8))).base64EncodedString()
    }
}
