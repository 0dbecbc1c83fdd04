import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Who is making the request, and how they proved it.
struct Principal: Sendable {
    enum Credential: Sendable {
        case session(id: UUID, csrfToken: String)
        case token(id: UUID, label: String, scope: APIToken.Scope)
    }

    let userID: UUID
    let email: String
    let name: String
    let role: Role
    let language: Language?
    var preferences = UserPreferences()
    let credential: Credential

    var csrfToken: String? {
        if case .session(_, let token) = credential { return token }
        return nil
    }
}

extension Request {
    private struct PrincipalKey: StorageKey { typealias Value = Principal }

    var principal: Principal? {
        get { storage[PrincipalKey.self] }
        set { storage[PrincipalKey.self] = newValue }
    }

    var isAPI: Bool { url.path.hasPrefix("/api/") }
}
