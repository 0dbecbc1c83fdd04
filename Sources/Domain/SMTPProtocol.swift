import Foundation

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
