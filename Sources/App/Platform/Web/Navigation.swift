import Domain
import SQLKit

/// One group of the header's navigation — a capability, the person's own pages, or administration — with its pages,
/// each behind the action a role needs to open it. The composition root lists the groups (`Navigation+Standard`).
/// Each group has a landing page, `/areas/<key>`, that shows its pages with their key figures.
struct NavigationGroup: Sendable {
    struct Entry: Sendable {
        let path: Paths
        let labelKey: String
        let action: Action
        let figure: NavigationFigure?
    }

    let labelKey: String
    let entries: [Entry]

    /// The group's key in its landing page's path: "inventory" for `nav.group.inventory`.
    var key: String { String(labelKey.split(separator: ".").last ?? "") }

    init(_ labelKey: String, _ entries: [(Paths, String, Action)], figures: [Paths: NavigationFigure] = [:]) {
        self.labelKey = labelKey
        self.entries = entries.map { Entry(path: $0.0, labelKey: $0.1, action: $0.2, figure: figures[$0.0]) }
    }
}

/// A page's key figure on its group's landing page: the rows of a table, optionally only those matching a condition,
/// said with a plural catalogue entry ("412 assets"). Declared by table name, so the floor counts without knowing the
/// capability's types.
struct NavigationFigure: Sendable {
    enum Condition: Sendable {
        case isNull(String)
        case equals(String, String)
        case isTrue(String)
        case isFalse(String)
    }

    let table: String
    let captionKey: String
    let condition: Condition?

    static func rows(_ table: String, _ captionKey: String, where condition: Condition? = nil) -> NavigationFigure {
        NavigationFigure(table: table, captionKey: captionKey, condition: condition)
    }

    func count(on sql: any SQLDatabase) async throws -> Int {
        var select = sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table)
        switch condition {
        case .isNull(let column): select = select.where(SQLIdentifier(column), .is, SQLLiteral.null)
        case .equals(let column, let value): select = select.where(column, .equal, SQLBind(value))
        case .isTrue(let column): select = select.where(column, .equal, SQLBind(true))
        case .isFalse(let column): select = select.where(column, .equal, SQLBind(false))
        case nil: break
        }
        return try await select.first()?.decode(column: "n", as: Int.self) ?? 0
    }
}
