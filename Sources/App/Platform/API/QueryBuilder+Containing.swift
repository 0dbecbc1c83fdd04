import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

extension QueryBuilder {
    /// Case-insensitive "contains": SQLite's LIKE already ignores ASCII case; PostgreSQL needs ILIKE.
    /// The one place the two dialects differ for text search at this size.
    @discardableResult
    func containing<Field: QueryableProperty>(_ field: KeyPath<Model, Field>, _ text: String, on db: any Database) -> Self
    where Field.Model == Model, Field.Value == String {
        // "%" is removed rather than escaped (SQLite's LIKE has no default escape character); "_" stays a one-character
        // wildcard, which only widens a match by the character it stands for.
        let pattern = "%\(text.replacingOccurrences(of: "%", with: ""))%"
        if db.sql.engine == .postgresql {
            return filter(field, .custom("ILIKE"), pattern)
        }
        return filter(field, .custom("LIKE"), pattern)
    }
}
