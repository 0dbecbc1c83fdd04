import Foundation

extension ICalendar {
    /// TEXT as RFC 5545 §3.3.11 writes it: backslash, semicolon and comma escaped, line breaks as `\n`.
    public static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r\n", "\n", "\r": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    /// A content line longer than 75 octets continues on the next line after a space (§3.1), never inside a
    /// UTF-8 sequence.
    public static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var parts: [String] = []
        var current = ""
        var octets = 0
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            // The first line holds 75 octets, continuations 74 after their leading space.
            if octets + size > (parts.isEmpty ? 75 : 74) {
                parts.append(current)
                (current, octets) = ("", 0)
            }
            current.unicodeScalars.append(scalar)
            octets += size
        }
        parts.append(current)
        return parts.joined(separator: "\r\n ")
    }

    static func utc(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", p.year!, p.month!, p.day!, p.hour!, p.minute!, p.second!)
    }

    static func compact(_ day: CalendarDate) -> String { String(format: "%04d%02d%02d", day.year, day.month, day.day) }
}
