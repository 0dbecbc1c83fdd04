import Foundation

/// The kind of directory server: their entries and their ways of disabling an account and forcing a new password
/// differ.
public enum DirectoryKind: String, Sendable, CaseIterable, Codable {
    /// OpenLDAP and other RFC servers: `inetOrgPerson`, the password modify operation, ppolicy's `pwdReset` and
    /// `pwdAccountLockedTime`.
    case openLDAP = "openldap"
    /// Active Directory's LDAP: `user` with `sAMAccountName` and `userPrincipalName`, `unicodePwd` (over LDAPS only),
    /// `pwdLastSet: 0` for a change at first sign-in, `userAccountControl` bit 2 to disable.
    case activeDirectory = "active_directory"

    public var labelKey: String { "directory.kind.\(rawValue)" }
}

/// What an account is made from: the employee's own record.
public struct DirectoryPerson: Sendable, Equatable {
    public var givenName: String
    public var familyName: String
    public var email: String?
    public var employeeNumber: String
    public var jobTitle: String?

    public init(givenName: String, familyName: String, email: String?, employeeNumber: String, jobTitle: String?) {
        (self.givenName, self.familyName, self.email, self.employeeNumber, self.jobTitle) =
            (givenName, familyName, email, employeeNumber, jobTitle)
    }
}

/// How accounts are named and what their entries hold: a DN template and an attribute mapping, both with
/// placeholders — `{username}`, `{given}`, `{family}`, `{name}`, `{email}`, `{number}`, `{title}`.
public struct DirectoryTemplate: Sendable, Equatable {
    public static let placeholders = ["username", "given", "family", "name", "email", "number", "title"]

    public var kind: DirectoryKind
    /// e.g. `uid={username},ou=people,dc=example,dc=com`.
    public var dn: String
    /// e.g. `{given}.{family}`: turned into lower-case ASCII.
    public var username: String
    /// `attribute: template` pairs, one per line in the settings.
    public var attributes: [(name: String, template: String)]

    public init(kind: DirectoryKind, dn: String, username: String, attributes: [(name: String, template: String)]) {
        (self.kind, self.dn, self.username, self.attributes) = (kind, dn, username, attributes)
    }

    public static func == (lhs: DirectoryTemplate, rhs: DirectoryTemplate) -> Bool {
        lhs.kind == rhs.kind && lhs.dn == rhs.dn && lhs.username == rhs.username
            && lhs.attributes.map(\.name) == rhs.attributes.map(\.name) && lhs.attributes.map(\.template) == rhs.attributes.map(\.template)
    }

    /// The mapping each kind starts with.
    public static func standardAttributes(_ kind: DirectoryKind) -> String {
        switch kind {
        case .openLDAP:
            "uid: {username}\ncn: {name}\nsn: {family}\ngivenName: {given}\nmail: {email}\nemployeeNumber: {number}\ntitle: {title}"
        case .activeDirectory:
            "sAMAccountName: {username}\ncn: {name}\nsn: {family}\ngivenName: {given}\ndisplayName: {name}\nmail: {email}\n"
                + "employeeID: {number}\ntitle: {title}"
        }
    }

    public enum Problem: String, Sendable, Equatable {
        /// A line of the mapping is not `attribute: template`, or its attribute name is not a valid one.
        case mappingLineInvalid = "mapping_line_invalid"
        case unknownPlaceholder = "unknown_placeholder"
        /// The DN template does not start with `attribute={…}` or names no placeholder, so every account would get one DN.
        case dnNeedsPlaceholder = "dn_needs_placeholder"
        case usernameNeedsPlaceholder = "username_needs_placeholder"
    }

    /// Parses the mapping lines; nil when one is not `attribute: template`.
    public static func parseAttributes(_ text: String) -> [(name: String, template: String)]? {
        var result: [(name: String, template: String)] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let colon = trimmed.firstIndex(of: ":") else { return nil }
            let name = trimmed[..<colon].trimmingCharacters(in: .whitespaces)
            let template = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard Self.isAttributeName(name), !template.isEmpty else { return nil }
            result.append((name, template))
        }
        return result
    }

    /// An attribute description as RFC 4512 allows: a letter, then letters, digits and hyphens.
    public static func isAttributeName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") }
            && name.count <= 64
    }

    public var problems: [Problem] {
        var problems: [Problem] = []
        let all = [dn, username] + attributes.map(\.template)
        if all.contains(where: { !Self.unknownPlaceholders($0).isEmpty }) { problems.append(.unknownPlaceholder) }
        if !dn.contains("{") || !dn.contains("=") || dn.hasPrefix("{") { problems.append(.dnNeedsPlaceholder) }
        if !username.contains("{") { problems.append(.usernameNeedsPlaceholder) }
        return problems
    }

    static func unknownPlaceholders(_ template: String) -> [String] {
        var unknown: [String] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let name = String(rest[rest.index(after: open)..<close])
            if !placeholders.contains(name) { unknown.append(name) }
            rest = rest[rest.index(after: close)...]
        }
        return unknown
    }

    /// The account name for `person`: the template filled in, lower-case ASCII (`Jürgen Groß` → `jurgen.gross`).
    public func username(for person: DirectoryPerson) -> String {
        let filled = Self.fill(username, values(person, username: "")) { $0 }
        return AccountNaming.ascii(filled)
    }

    /// The DN of `person`'s account named `username`; the filled-in values are escaped (a comma in a name stays a comma).
    public func dn(for person: DirectoryPerson, username: String, escape: (String) -> String) -> String {
        Self.fill(dn, values(person, username: username), escape)
    }

    /// The attributes of a new entry: the object classes of the kind, then the mapping; a line whose value comes out
    /// empty (no e-mail address yet) is left out.
    public func entry(for person: DirectoryPerson, username: String) -> [(String, [String])] {
        let values = values(person, username: username)
        var entry: [(String, [String])] = []
        switch kind {
        case .openLDAP: entry.append(("objectClass", ["inetOrgPerson"]))
        case .activeDirectory: entry.append(("objectClass", ["top", "person", "organizationalPerson", "user"]))
        }
        for (name, template) in attributes {
            let value = Self.fill(template, values) { $0 }.trimmingCharacters(in: .whitespaces)
            if value.isEmpty { continue }
            if let index = entry.firstIndex(where: { $0.0.lowercased() == name.lowercased() }) {
                entry[index].1.append(value)
            } else {
                entry.append((name, [value]))
            }
        }
        if kind == .activeDirectory, let email = person.email, !email.isEmpty,
            !entry.contains(where: { $0.0.lowercased() == "userprincipalname" })
        {
            entry.append(("userPrincipalName", [email]))
        }
        return entry
    }

    private func values(_ person: DirectoryPerson, username: String) -> [String: String] {
        [
            "username": username, "given": person.givenName, "family": person.familyName,
            "name": "\(person.givenName) \(person.familyName)".trimmingCharacters(in: .whitespaces), "email": person.email ?? "",
            "number": person.employeeNumber, "title": person.jobTitle ?? "",
        ]
    }

    private static func fill(_ template: String, _ values: [String: String], _ escape: (String) -> String) -> String {
        var result = template
        for (name, value) in values { result = result.replacingOccurrences(of: "{\(name)}", with: escape(value)) }
        return result
    }
}

public enum AccountNaming {
    /// Lower-case ASCII letters, digits, dots and hyphens: accents dropped, `ß` → `ss`, `æ` → `ae`, spaces → nothing.
    public static func ascii(_ text: String) -> String {
        let special: [Character: String] = ["ß": "ss", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "þ": "th", "œ": "oe"]
        var result = ""
        for character in text.lowercased() {
            if let replacement = special[character] {
                result += replacement
                continue
            }
            let folded = String(character).folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil)
            for scalar in folded.unicodeScalars where scalar.isASCII {
                let allowed = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "." || scalar == "-"
                if allowed { result.unicodeScalars.append(scalar) }
            }
        }
        while result.contains("..") { result = result.replacingOccurrences(of: "..", with: ".") }
        return result.trimmingCharacters(in: CharacterSet(charactersIn: ".-"))
    }

    /// The names to try after `name` is taken: `name2`, `name3`, … up to `name9`.
    public static func alternatives(to name: String) -> [String] { (2...9).map { "\(name)\($0)" } }
}

/// How initial passwords are made: long, random, from characters that cannot be mistaken for one another when read
/// aloud or from a screen (no `0`/`O`, `1`/`l`/`I`).
public struct InitialPasswordPolicy: Sendable, Equatable, Codable {
    public var length: Int
    public var symbols: Bool

    public static let standard = InitialPasswordPolicy(length: 16, symbols: true)
    public static let lengths = 12...64

    public init(length: Int, symbols: Bool) { (self.length, self.symbols) = (length, symbols) }

    static let lower = Array("abcdefghijkmnpqrstuvwxyz")
    static let upper = Array("ABCDEFGHJKLMNPQRSTUVWXYZ")
    static let digits = Array("23456789")
    static let marks = Array("!#%+-=?@_")

    /// A password with at least one character of each class the policy uses, the rest from all of them.
    public func generate<Generator: RandomNumberGenerator>(using generator: inout Generator) -> String {
        let classes = symbols ? [Self.lower, Self.upper, Self.digits, Self.marks] : [Self.lower, Self.upper, Self.digits]
        let all = classes.flatMap { $0 }
        var characters = classes.map { $0.randomElement(using: &generator)! }
        while characters.count < max(length, classes.count) { characters.append(all.randomElement(using: &generator)!) }
        characters.shuffle(using: &generator)
        return String(characters)
    }

    public func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return generate(using: &generator)
    }
}
