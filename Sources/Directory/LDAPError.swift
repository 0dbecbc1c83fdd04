/// A failed LDAP operation: the result code (RFC 4511 §4.1.9, or libldap's negative client codes such as "Can't
/// contact LDAP server"), libldap's text for it, and the server's own diagnostic message when it sent one.
public struct LDAPError: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: Int32
    public let text: String
    public let diagnostic: String

    public init(code: Int32, text: String, diagnostic: String = "") {
        (self.code, self.text, self.diagnostic) = (code, text, diagnostic)
    }

    /// "Already exists (68): entry already exists", the way an operator reads it in a step's error.
    public var description: String {
        diagnostic.isEmpty || diagnostic == text ? "\(text) (\(code))" : "\(text) (\(code)): \(diagnostic)"
    }

    public var alreadyExists: Bool { code == 68 }
    public var noSuchObject: Bool { code == 32 }
    public var invalidCredentials: Bool { code == 49 }
    /// An attribute value that is already there (adding a member twice) or not there (removing one twice).
    public var typeOrValueExists: Bool { code == 20 }
    public var noSuchAttribute: Bool { code == 16 }
    /// The server could not be reached, or went away, or did not answer in time: worth trying again later.
    public var isTransient: Bool { code == -1 || code == -5 || code == -11 || code == 51 || code == 52 || code == 3 }
}
