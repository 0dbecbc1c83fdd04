/// Escaping of values put into search filters (RFC 4515) and distinguished names (RFC 4514), and a comparable form of
/// a distinguished name. Values come from employee records: a name such as "O'Brien, Seán (IT)" must never change the
/// meaning of a filter or a DN.
public enum LDAPEscaping {
    /// `value` as an assertion value in a filter: `*`, `(`, `)`, `\` and NUL as `\2a` and so on; other characters,
    /// accents included, stay as they are (a filter string is UTF-8).
    public static func filterValue(_ value: String) -> String {
        var result = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "*": result += "\\2a"
            case "(": result += "\\28"
            case ")": result += "\\29"
            case "\\": result += "\\5c"
            case "\0": result += "\\00"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// `value` as an attribute value in a DN: `, + " \ < > ; =` escaped, and a leading `#` or space and a trailing
    /// space too.
    public static func dnValue(_ value: String) -> String {
        let scalars = Array(value.unicodeScalars)
        var result = ""
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case ",", "+", "\"", "\\", "<", ">", ";", "=":
                result += "\\" + String(scalar)
            case "\0":
                result += "\\00"
            case "#" where index == 0, " " where index == 0 || index == scalars.count - 1:
                result += "\\" + String(scalar)
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A DN in a form two spellings of it share: lower case, no spaces around the separators
    /// ("CN=Staff, OU=Groups" and "cn=staff,ou=groups" compare equal). Escaped characters stay escaped.
    public static func normalizedDN(_ dn: String) -> String {
        var parts: [String] = []
        var current = ""
        var escaped = false
        for character in dn.lowercased() {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                current.append(character)
                escaped = true
            } else if character == "," || character == "=" || character == "+" {
                parts.append(trimmed(current))
                parts.append(String(character))
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(trimmed(current))
        return parts.joined()
    }

    /// Leading and trailing spaces off, but not an escaped trailing space.
    private static func trimmed(_ text: String) -> String {
        var result = Substring(text)
        while result.first == " " { result = result.dropFirst() }
        while result.last == " ", !result.dropLast().hasSuffix("\\") { result = result.dropLast() }
        return String(result)
    }
}
