import Directory
import Domain
import Fluent
import Foundation
import Vapor

/// Compares the directory with what Quartermaster expects and keeps the drift for the page and the command line.
enum DirectoryReconciliation {
    static let job = "directory.reconcile"

    /// Reads the accounts under the users' base and the members of every application's group, compares, stores.
    @discardableResult
    static func run(app: Application) async throws -> DirectoryComparison.Drift {
        let settings = try await DirectorySettings.current(on: app.db)
        let now = app.services.clock.now()
        do {
            let drift = try await compare(app: app, settings: settings)
            try await store(app: app, at: now, drift: drift, error: nil)
            return drift
        } catch {
            try await store(app: app, at: now, drift: nil, error: String(describing: error))
            throw error
        }
    }

    private static func compare(app: Application, settings: DirectorySettings) async throws -> DirectoryComparison.Drift {
        let db = app.db
        let accounts = try await DirectoryAccount.query(on: db).filter(\.$dn != "").all()
        var employees: [UUID: Employee] = [:]
        for chunk in accounts.map(\.employeeID).boundChunks() {
            for employee in try await Employee.query(on: db).filter(\.$id ~~ chunk).all() { employees[employee.id!] = employee }
        }
        let expected = accounts.map { account in
            let employee = employees[account.employeeID]
            return DirectoryComparison.ExpectedAccount(
                employeeID: account.employeeID, name: employee.map { "\($0.firstName) \($0.lastName)" } ?? "", dn: account.dn,
                shouldBeEnabled: account.status != .disabled && employee?.status != .left)
        }
        let dnByEmployee = Dictionary(
            accounts.filter { $0.status == .active }.map { ($0.employeeID, $0.dn) }, uniquingKeysWith: { first, _ in first })
        var expectedMembers: [String: [String]] = [:]
        let apps = try await CompanyApp.query(on: db).filter(\.$methodRaw == AccessMethod.directoryGroup.rawValue).all()
        for record in apps where !record.directoryGroups.isEmpty {
            let holders = try await AccessGrant.query(on: db).filter(\.$appID == record.id!).filter(\.$revokedAt == nil).all()
                .compactMap { dnByEmployee[$0.employeeID] }
            for group in record.directoryGroups { expectedMembers[group, default: []] += holders }
        }
        let ldap = try await DirectoryService(app: app, actor: .system).connect(settings)
        defer { ldap.close() }
        let entries = try await ldap.search(
            base: settings.usersBase, scope: .oneLevel, attributes: ["pwdAccountLockedTime", "userAccountControl"])
        let actual = entries.map { entry in
            let lockedForGood = entry.first("pwdAccountLockedTime") == DirectoryProvisioner.lockedForGood
            let disabledFlag = (Int(entry.first("userAccountControl") ?? "") ?? 0) & 2 != 0
            return DirectoryComparison.ActualAccount(dn: entry.dn, enabled: !lockedForGood && !disabledFlag)
        }
        var actualMembers: [String: [String]] = [:]
        for group in expectedMembers.keys {
            if let entry = try await ldap.read(group, attributes: ["member", "uniqueMember"]) {
                actualMembers[group] = entry.values("member") + entry.values("uniqueMember")
            }
        }
        return DirectoryComparison.compare(
            expected: expected, actual: actual, expectedMembers: expectedMembers, actualMembers: actualMembers,
            normalize: LDAPEscaping.normalizedDN)
    }

    private static func store(app: Application, at now: Date, drift: DirectoryComparison.Drift?, error: String?) async throws {
        try await app.write(appendsToAuditTrail: false) { db in
            guard let row = try await DirectoryDrift.find(1, on: db) else { return }
            row.checkedAt = now
            if let drift { row.resultJSON = String(decoding: try JSONEncoder().encode(drift), as: UTF8.self) }
            row.error = error.map { String($0.prefix(1000)) }
            try await row.update(on: db)
        }
    }

    /// The last stored comparison, or nil before the first.
    static func last(on db: any Database) async throws -> (checkedAt: Date, drift: DirectoryComparison.Drift?, error: String?)? {
        guard let row = try await DirectoryDrift.find(1, on: db), let checkedAt = row.checkedAt else { return nil }
        let drift = try? JSONDecoder().decode(DirectoryComparison.Drift.self, from: Data(row.resultJSON.utf8))
        return (checkedAt, row.error == nil ? drift : nil, row.error)
    }

    /// Queues the changes that bring the directory in line, after a person confirmed them: the accounts of people who
    /// left are disabled, missing memberships added, members without access removed. Accounts no employee owns are
    /// only listed: deciding about them is the administrator's, in the directory itself.
    static func queueFixes(_ drift: DirectoryComparison.Drift, app: Application, actor: AuditActor) async throws -> Int {
        let now = app.services.clock.now()
        var operations: [DirectoryOperation] = []
        for account in drift.stillEnabled {
            if let employee = account.employeeID {
                operations.append(.make(.disableAccount, employee: employee, at: now, by: actor.label))
            }
        }
        for member in drift.missingMembers {
            if let employee = member.employeeID {
                operations.append(.make(.addMember, employee: employee, group: member.group, at: now, by: actor.label))
            }
        }
        for member in drift.unexpectedMembers {
            if let employee = member.employeeID {
                operations.append(.make(.removeMember, employee: employee, group: member.group, at: now, by: actor.label))
            }
        }
        guard !operations.isEmpty else { return 0 }
        try await app.write { [operations] db in
            for operation in operations { try await operation.create(on: db) }
            // The comparison is out of date now: its fixes cannot be queued twice; the next one shows what is left.
            if let row = try await DirectoryDrift.find(1, on: db) {
                (row.checkedAt, row.resultJSON, row.error) = (nil, "{}", nil)
                try await row.update(on: db)
            }
            try await AuditLog.append(
                on: db, actor: actor, action: "directory.reconcile", entityType: "directory_settings", entityID: "1",
                changes: ["operations": AuditChange(before: nil, after: String(operations.count))], at: now)
        }
        return operations.count
    }
}
