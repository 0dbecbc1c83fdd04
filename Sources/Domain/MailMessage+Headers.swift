import Foundation

extension MailMessage {
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
}
