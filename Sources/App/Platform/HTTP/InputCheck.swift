import Domain
import Fluent
import Foundation

/// The checks every service makes of its input before it writes, each reported as a field error.
enum InputCheck {
    /// Throws the errors collected, all at once, when there are any.
    static func check(_ errors: [FieldError]) throws {
        if !errors.isEmpty { throw ValidationFailure(errors) }
    }

    static func unique<M: Model>(_ query: QueryBuilder<M>, field: String) async throws {
        if try await query.first() != nil { throw ValidationFailure([FieldError(field: field, code: .taken)]) }
    }

    static func exists<M: Model>(_ type: M.Type, _ id: M.IDValue?, field: String, on db: any Database) async throws {
        guard let id else { return }
        if try await M.find(id, on: db) == nil { throw ValidationFailure([FieldError(field: field, code: .notFound)]) }
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
