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

    /// A list of addresses as people type them: separated by commas, semicolons, spaces or lines.
    public static func addresses(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == ";" || $0.isWhitespace }).map(String.init)
    }
}
