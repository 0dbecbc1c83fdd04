import Domain
import Fluent
import Foundation
import Prometheus
import Vapor

/// Serialises write transactions within one process. SQLite allows one writer at a time and answers a second
/// transaction that upgrades from reading to writing with SQLITE_BUSY; queueing writers here avoids that.
/// Across processes on PostgreSQL the audit chain is guarded by an advisory lock instead (see `Application.write`).
actor WriteGate {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
