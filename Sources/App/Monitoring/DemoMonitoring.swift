import Domain
import Fluent
import Foundation
import Probes
import Vapor

/// The demo company's monitoring: checks that only ever reach this machine (Quartermaster's own health endpoint and
/// port, so a demo never sends a packet to anybody's network) and a backup heartbeat, a weekly patch window, and the
/// IT department's preventive maintenance — UPS self-tests, a restore test, firewall firmware, the server room's air
/// conditioning — dated relative to today so something is always overdue or due. Loaded through the services (audited),
/// once, after the hardware.
enum DemoMonitoring {
    static func load(into app: Application) async throws {
        guard try await Check.query(on: app.db).count() == 0, try await MaintenanceTask.query(on: app.db).count() == 0 else { return }
        let checks = CheckService(app: app, actor: .system)
        let port = app.services.config.port
        let server = try await Asset.query(on: app.db).filter(\.$typeRaw == AssetType.server.rawValue).sort(\.$tagKey).first()
        _ = try await checks.create(
            .init(
                name: "Quartermaster health",
                definition: CheckDefinition(
                    kind: .http, target: "http://127.0.0.1:\(port)/healthz", warning: 500, critical: 2000,
                    settings: CheckSettings(bodyContains: "ok")),
                service: "Quartermaster", onStatusPage: true))
        if let server {
            _ = try await checks.create(
                .init(
                    name: "Web port",
                    definition: CheckDefinition(kind: .tcp, target: "127.0.0.1", port: port, warning: 200, critical: 1000),
                    assetID: server.id, onStatusPage: true))
        }
        _ = try await checks.create(
            .init(
                name: "Nightly backup",
                definition: CheckDefinition(
                    kind: .heartbeat, target: "", intervalSeconds: 86_400, policy: CheckPolicy(problemsBeforeHard: 1),
                    settings: CheckSettings(graceSeconds: 3600)),
                service: "Backup", onStatusPage: true))
        let sites = try await Site.query(on: app.db).sort(\.$name).all()
        if let site = sites.first {
            _ = try await checks.createWindow(
                .init(
                    name: "Patch Sunday", scope: "site", scopeID: site.id, starts: "2026-01-04T04:00", durationMinutes: 120,
                    timeZone: site.timeZone, rrule: "FREQ=WEEKLY;BYDAY=SU"))
        }

        let tasks = MaintenanceTaskService(app: app, actor: .system)
        let today = try await app.organisationToday()
        let technician = try await User.query(on: app.db).filter(\.$roleRaw == Role.technician.rawValue).sort(\.$email).first()?.id
        let ups = try await Asset.query(on: app.db).filter(\.$typeRaw == AssetType.ups.rawValue).sort(\.$tagKey).all()
        for (index, unit) in ups.prefix(3).enumerated() {
            _ = try await tasks.create(
                .init(
                    title: "UPS self-test", instructions: "Start the self-test from the front panel; note the runtime the UPS reports.",
                    assetID: unit.id, every: 1, unit: .months, firstDue: today.adding(days: [-3, 2, 12][index]), assigneeID: technician,
                    steps: ChecklistStep.parse("Run the self-test\nBattery runtime [min]\nLoad [%]\nNo alarms on the panel")))
        }
        if let server {
            _ = try await tasks.create(
                .init(
                    title: "Restore a backup and verify it", assetID: server.id, every: 3, unit: .months, firstDue: today.adding(days: 20),
                    leadDays: 14, assigneeID: technician,
                    steps: ChecklistStep.parse(
                        "Restore last night's backup of one share to a scratch folder\nFiles restored [count]\nRestore time [min]\nChecksums match"
                    )))
        }
        if let firewall = try await Asset.query(on: app.db).filter(\.$typeRaw == AssetType.firewall.rawValue).sort(\.$tagKey).first() {
            _ = try await tasks.create(
                .init(
                    title: "Update firewall firmware", assetID: firewall.id, every: 1, unit: .years, firstDue: today.adding(days: 45),
                    leadDays: 30, assigneeID: technician,
                    steps: ChecklistStep.parse(
                        "Read the release notes\nBack up the configuration\nInstall the update\nVPN and rules tested")))
        }
        if let site = sites.first {
            _ = try await tasks.create(
                .init(
                    title: "Clean the server room's air-conditioning filters", siteID: site.id, every: 6, unit: .months,
                    firstDue: today.adding(days: 10), assigneeID: technician,
                    steps: ChecklistStep.parse("Filters cleaned or replaced\nRoom temperature afterwards [°C]")))
        }
    }
}
