/// The rule every new password meets: long enough and not on the list of commonly used passwords.
public struct PasswordPolicy: Sendable {
    public static let minimumLength = 12
    private let common: Set<String>

    /// - Parameter commonPasswords: the bundled list; compared case-insensitively.
    public init(commonPasswords: some Sequence<String>) {
        self.common = Set(commonPasswords.map { $0.lowercased() })
    }

    public func check(_ password: String) -> FieldError? {
        if password.count < Self.minimumLength {
            return FieldError(field: "password", code: .passwordTooShort)
        }
        if common.contains(password.lowercased()) {
            return FieldError(field: "password", code: .passwordCommon)
        }
        return nil
    }
}
