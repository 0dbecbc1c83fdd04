import ArgumentParser
import Directory
import Domain
import Fluent
import Foundation
import Vapor

/// `quartermaster directory check|reconcile|provision`: the company's directory from the command line, beside a
/// running server or without one.
struct DirectoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "directory", abstract: "The company's directory (OpenLDAP, Active Directory): compare, fix, provision.",
        subcommands: [Check.self, Reconcile.self, Provision.self])

    /// Signs in and compares; prints the differences, one per line.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare the directory with Quartermaster's employees and access, and list the differences.",
            discussion: "Changes nothing. Exit status 0 also when there are differences; 1 when the directory cannot be used.")

        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            try await withApplication(try options.load()) { app in
                let drift = try await DirectoryCommand.compare(app)
                DirectoryCommand.print(drift)
            }
        }
    }

    /// Compares, shows the fixes, and after confirmation queues them and makes them.
    struct Reconcile: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare, then disable leavers' accounts, add missing group memberships and remove members without access.",
            discussion: "Asks before changing anything (--yes answers for you). Accounts that belong to no employee are only listed.")

        @OptionGroup var options: DatabaseOptions
        @ArgumentParser.Flag(name: .long, help: "Queue the fixes without asking.") var yes = false

        func run() async throws {
            try await withApplication(try options.load()) { app in
                let drift = try await DirectoryCommand.compare(app)
                DirectoryCommand.print(drift)
                let fixable = drift.fixable
                guard fixable > 0 else { return }
                if !yes {
                    Swift.print("Queue \(fixable) fix\(fixable == 1 ? "" : "es") for the directory? [y/N] ", terminator: "")
                    guard ["y", "yes"].contains(Swift.readLine()?.lowercased().trimmingCharacters(in: .whitespaces) ?? "") else {
                        Swift.print("Nothing changed.")
                        return
                    }
                }
                let queued = try await DirectoryReconciliation.queueFixes(drift, app: app, actor: .commandLine())
                try await DirectoryCommand.provision(app, queued: queued)
            }
        }
    }

    /// Makes the queued changes now instead of waiting for the server's job.
    struct Provision: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make the directory changes that are due now (the server's job does this every 30 seconds).")

        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            try await withApplication(try options.load()) { app in
                try await DirectoryCommand.provision(app, queued: nil)
            }
        }
    }

    static func compare(_ app: Application) async throws -> DirectoryComparison.Drift {
        let settings = try await DirectorySettings.current(on: app.db)
        guard settings.isConfigured else {
            throw CommandFailure("the directory is not set up (Access → Directory, or PATCH /api/v1/directory/settings)")
        }
        do {
            return try await DirectoryReconciliation.run(app: app)
        } catch let error as LDAPError {
            throw CommandFailure("the directory at \(settings.host):\(settings.port) could not be used: \(error)")
        }
    }

    static func print(_ drift: DirectoryComparison.Drift) {
        let accounts = { (title: String, items: [DirectoryComparison.Account]) in
            for item in items { Swift.print("\(title): \(item.dn)\(item.name.isEmpty ? "" : " (\(item.name))")") }
        }
        let members = { (title: String, items: [DirectoryComparison.Membership]) in
            for item in items { Swift.print("\(title): \(item.dn)\(item.name.isEmpty ? "" : " (\(item.name))") in \(item.group)") }
        }
        accounts("left but enabled", drift.stillEnabled)
        members("member without access", drift.unexpectedMembers)
        members("access without membership", drift.missingMembers)
        accounts("no employee", drift.withoutEmployee)
        accounts("missing from the directory", drift.missing)
        for group in drift.missingGroups { Swift.print("group missing: \(group)") }
        Swift.print(
            "\(drift.count) difference\(drift.count == 1 ? "" : "s"): \(drift.stillEnabled.count) left but enabled, "
                + "\(drift.unexpectedMembers.count) members without access, \(drift.missingMembers.count) memberships missing, "
                + "\(drift.withoutEmployee.count) accounts of no employee, \(drift.missing.count) accounts missing, "
                + "\(drift.missingGroups.count) groups missing.")
    }

    static func provision(_ app: Application, queued: Int?) async throws {
        let progress = TerminalProgress(label: "directory changes")
        let report = try await DirectoryProvisioner.runDue(app: app, limit: 100_000) { progress.update($0, $1) }
        progress.finish()
        Swift.print(
            (queued.map { "Queued \($0); " } ?? "")
                + "made \(report.done) change\(report.done == 1 ? "" : "s") in the directory, \(report.retrying) waiting to be retried, "
                + "\(report.failed) given up.")
    }
}
