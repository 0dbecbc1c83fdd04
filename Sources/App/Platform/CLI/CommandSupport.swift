import ArgumentParser
import Domain
import Fluent
import Foundation
import Vapor

func findUser(_ email: String, _ app: Application) async throws -> User {
    guard let user = try await User.query(on: app.db).filter(\.$email == email.normalisedEmail).first() else {
        throw CommandFailure("no account has the e-mail address \(email)")
    }
    return user
}

/// Validation errors in English for the terminal, from the same catalogue the web uses.
func describe(_ failure: ValidationFailure, _ app: Application) -> String {
    failure.errors.map { "\($0.field): \(app.services.localizer.text($0.code.messageKey, .en))" }.joined(separator: "; ")
}
