import Domain
import Foundation
import Probes
import SQLKit

/// The rows the recorder reads and writes with every result, as plain values by SQL rather than Fluent models: at ten
/// thousand checks a minute, building models by reflection cost as much as the probes themselves.
extension ResultRecorder {
    /// A check's row in `check_states` (the columns of `CheckStateRecord`), the state machine's value decoded.
    struct StoredState: Sendable {
        let id: UUID
        var state = CheckState()
        var lastResultAt: Date?
        var lastMilliseconds: Int?
        var lastValue: Int?
        var lastProblem: String?
        var lastDetail = ""
        var lastCallAt: Date?

        init(id: UUID) { self.id = id }

        static let columns = [
            "id", "state", "status", "hard_status", "state_type", "flapping", "acknowledged", "unreachable", "last_result_at", "last_ms",
            "last_value", "last_problem", "last_detail", "hard_since", "last_call_at",
        ]

        /// The rows of `ids`; with `locking`, locked until the transaction ends on PostgreSQL, so that an
        /// acknowledgement or a heartbeat's call and a result never overwrite each other (SQLite has one writer).
        static func read(_ ids: Set<UUID>, locking: Bool, on sql: any SQLDatabase) async throws -> [UUID: StoredState] {
            var states: [UUID: StoredState] = [:]
            let lock = locking && sql.engine == .postgresql
            // Locked in the order of their ids, as every writer locks them, so two writers never wait for each other.
            for chunk in ids.boundChunks(sorted: lock) {
                var select = sql.select().columns(columns.map { SQLIdentifier($0) }).from(CheckStateRecord.schema)
                    .where("id", .in, SQLBind.group(chunk))
                if lock { select = select.orderBy("id").for(.update) }
                for row in try await select.all() {
                    var stored = StoredState(id: try row.decode(column: "id", as: UUID.self))
                    stored.state =
                        (try? JSONDecoder().decode(CheckState.self, from: Data(try row.decode(column: "state", as: String.self).utf8)))
                        ?? CheckState()
                    stored.lastResultAt = try row.decode(column: "last_result_at", as: Date?.self)
                    stored.lastMilliseconds = try row.decode(column: "last_ms", as: Int?.self)
                    stored.lastValue = try row.decode(column: "last_value", as: Int?.self)
                    stored.lastProblem = try row.decode(column: "last_problem", as: String?.self)
                    stored.lastDetail = try row.decode(column: "last_detail", as: String.self)
                    stored.lastCallAt = try row.decode(column: "last_call_at", as: Date?.self)
                    states[stored.id] = stored
                }
            }
            return states
        }

        /// Writes `states` in as few statements as the database's limit on parameters allows: inserted where a check
        /// has no row yet, rewritten where it has.
        static func write(_ states: [StoredState], on sql: any SQLDatabase) async throws {
            let batch = 30_000 / columns.count
            for start in stride(from: 0, to: states.count, by: batch) {
                var insert = sql.insert(into: CheckStateRecord.schema).columns(columns)
                for stored in states[start..<min(start + batch, states.count)] { insert = insert.values(stored.values) }
                try await insert.onConflict(with: ["id"]) { update in
                    var update = update
                    for column in columns.dropFirst() { update = update.set(excludedValueOf: column) }
                    return update
                }.run()
            }
        }

        var values: [any SQLExpression] {
            let state = self.state
            let json = String(decoding: (try? JSONEncoder().encode(state)) ?? Data("{}".utf8), as: UTF8.self)
            func bind<T: Encodable & Sendable>(_ value: T?) -> any SQLExpression { value.map { SQLBind($0) } ?? SQLLiteral.null }
            return [
                SQLBind(id), SQLBind(json), SQLBind(state.status.rawValue), SQLBind(state.hardStatus.rawValue),
                SQLBind(state.type.rawValue),
                SQLBind(state.flapping), SQLBind(state.acknowledged), SQLBind(state.unreachable), bind(lastResultAt),
                bind(lastMilliseconds), bind(lastValue), bind(lastProblem), SQLBind(lastDetail), bind(state.hardSince), bind(lastCallAt),
            ]
        }
    }
}
