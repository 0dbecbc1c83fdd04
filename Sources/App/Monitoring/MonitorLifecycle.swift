import Domain
import Fluent
import Foundation
import NIOPosix
import Probes
import SQLKit
import Vapor

extension Application {
    private struct MonitorKey: StorageKey { typealias Value = Monitor }

    var monitor: Monitor {
        get { storage[MonitorKey.self]! }
        set { storage[MonitorKey.self] = newValue }
    }
}

/// Starts the monitor when a server boots with `runChecks`, and stops it (closing its HTTP clients, which "Run now"
/// uses too) when the application shuts down.
struct MonitorLifecycle: LifecycleHandler {
    func didBootAsync(_ application: Application) async throws {
        if application.services.config.runChecks { await application.monitor.start() }
    }

    func shutdownAsync(_ application: Application) async {
        await application.monitor.stop()
    }
}
