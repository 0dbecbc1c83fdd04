import Directory
import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Carries out the directory operation queue: claims the due operations, makes each change in the directory over one
/// connection, in the order they were asked for, and records what happened — done, or the server's reason and the
/// next attempt. A created account whose password could not be set is kept as created (its DN is stored at once), so
/// the retry sets the password instead of making a second account.
enum DirectoryProvisioner {
    static let job = "directory.provision"
    /// Half a minute, doubling to an hour, twelve attempts: about seven hours before an operation counts as failed.
    static let retry = DeliveryRetry(backoff: RetryBackoff(base: 30, maximum: 3600), maximumAttempts: 12)
    /// `pwdAccountLockedTime` with this value locks an account until an administrator unlocks it (ppolicy).
    static let lockedForGood = "000001010000Z"

    struct Report: Sendable, Equatable {
        var done = 0
        var retrying = 0
        var failed = 0
    }

    enum Outcome: Sendable {
        case done(String)
        /// Worth trying again later (the server down, busy, not answering; an account not made yet).
        case failure(String)
        /// The directory refused for a reason time does not change (no such group, a name it will not take): given
        /// up at once, to be tried again by a person once the cause is fixed.
        case refused(String)
    }

    /// Makes the due changes; `progress` hears (done, total) after each.
    static func runDue(app: Application, limit: Int = 500, progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> Report {
        try await queueLeavers(app: app)
        let now = app.services.clock.now()
        // In the order they were asked for; of those asked for together, the account first, its groups next, a
        // disabling last.
        let due = try await DirectoryOperation.query(on: app.db).filter(\.$statusRaw == DirectoryOperation.Status.pending.rawValue)
            .filter(\.$nextAttemptAt <= now).sort(\.$createdAt).limit(limit).all()
            .enumerated().sorted {
                ($0.element.createdAt, $0.element.kind.rank, $0.offset) < ($1.element.createdAt, $1.element.kind.rank, $1.offset)
            }
            .map(\.element)
        guard !due.isEmpty else { return Report() }
        var claimed: [DirectoryOperation] = []
        for operation in due where try await claim(operation, dueBy: now, until: now.addingTimeInterval(300), on: app.db) {
            claimed.append(operation)
        }
        let settings = try await DirectorySettings.current(on: app.db)
        let service = DirectoryService(app: app, actor: .system)
        var connection: LDAPConnection?
        var connectError: String?
        do {
            connection = try await service.connect(settings)
        } catch {
            connectError = String(describing: error)
        }
        defer { connection?.close() }
        var report = Report()
        for (index, operation) in claimed.enumerated() {
            defer { progress?(index + 1, claimed.count) }
            let outcome: Outcome
            if let ldap = connection {
                do {
                    outcome = try await perform(operation, ldap: ldap, settings: settings, app: app)
                } catch let error as LDAPError {
                    outcome = error.isTransient ? .failure(error.description) : .refused(error.description)
                } catch {
                    outcome = .failure(String(describing: error))
                }
            } else {
                outcome = .failure(connectError ?? "not connected")
            }
            try await record(operation, outcome, app: app)
            switch (outcome, operation.status) {
            case (.done, _): report.done += 1
            case (_, .failed): report.failed += 1
            default: report.retrying += 1
            }
        }
        return report
    }

    /// Asks for the accounts of people who have left (their last day reached) to be disabled, once each.
    static func queueLeavers(app: Application) async throws {
        let today = try await app.organisationToday()
        let active = try await DirectoryAccount.query(on: app.db).filter(\.$statusRaw == DirectoryAccount.Status.active.rawValue)
            .join(Employee.self, on: \DirectoryAccount.$employeeID == \Employee.$id)
            .filter(Employee.self, \.$statusRaw == EmploymentStatus.left.rawValue).all()
        var leavers: [UUID] = []
        for account in active {
            let employee = try account.joined(Employee.self)
            if let end = employee.endDateText.flatMap(CalendarDate.init), end > today { continue }
            let waiting = try await DirectoryOperation.query(on: app.db).filter(\.$employeeID == account.employeeID)
                .filter(\.$kindRaw == DirectoryOperation.Kind.disableAccount.rawValue)
                .filter(\.$statusRaw != DirectoryOperation.Status.done.rawValue).count()
            if waiting == 0 { leavers.append(account.employeeID) }
        }
        guard !leavers.isEmpty else { return }
        let now = app.services.clock.now()
        try await app.write { [leavers] db in
            for employee in leavers {
                try await DirectoryOperation.make(.disableAccount, employee: employee, at: now, by: AuditActor.system.label).create(on: db)
                try await AuditLog.append(
                    on: db, actor: .system, action: "directory.account_disable", entityType: "employee", entityID: employee.uuidString,
                    at: now)
            }
        }
    }

    /// Takes the operation if it is still due; the first claimer moves it past `now`, so no other instance makes it too.
    private static func claim(_ operation: DirectoryOperation, dueBy now: Date, until lease: Date, on db: any Database) async throws -> Bool
    {
        let rows = try await db.sql.update(DirectoryOperation.schema).set("next_attempt_at", to: SQLBind(lease))
            .where("id", .equal, SQLBind(operation.id!)).where("next_attempt_at", .lessThanOrEqual, SQLBind(now))
            .where("status", .equal, SQLBind(DirectoryOperation.Status.pending.rawValue)).returning("id").all()
        return !rows.isEmpty
    }

    private static func record(_ operation: DirectoryOperation, _ outcome: Outcome, app: Application) async throws {
        let now = app.services.clock.now()
        try await app.write { db in
            guard let current = try await DirectoryOperation.find(operation.id!, on: db) else { return }
            current.attempts += 1
            switch outcome {
            case .done(let note):
                (current.statusRaw, current.finishedAt, current.lastError, current.outcome) =
                    (DirectoryOperation.Status.done.rawValue, now, nil, note)
                try await AuditLog.append(
                    on: db, actor: .system, action: "directory.\(current.kindRaw)", entityType: "employee",
                    entityID: current.employeeID.uuidString,
                    changes: current.groupDN.isEmpty ? [:] : ["group": AuditChange(before: nil, after: current.groupDN)], at: now)
            case .failure(let reason):
                current.lastError = String(reason.prefix(1000))
                if let next = retry.nextAttempt(afterFailures: current.attempts, at: now) {
                    current.nextAttemptAt = next
                } else {
                    (current.statusRaw, current.finishedAt) = (DirectoryOperation.Status.failed.rawValue, now)
                }
            case .refused(let reason):
                current.lastError = String(reason.prefix(1000))
                (current.statusRaw, current.finishedAt) = (DirectoryOperation.Status.failed.rawValue, now)
            }
            try await current.update(on: db)
            operation.statusRaw = current.statusRaw
        }
    }

    private static func perform(
        _ operation: DirectoryOperation, ldap: LDAPConnection, settings: DirectorySettings, app: Application
    ) async throws -> Outcome {
        guard let account = try await DirectoryAccount.query(on: app.db).filter(\.$employeeID == operation.employeeID).first() else {
            return .failure("no directory account")
        }
        switch operation.kind {
        case .createAccount:
            return try await create(account, ldap: ldap, settings: settings, app: app)
        case .addMember:
            guard account.status == .active else { return .failure("the account is not made yet") }
            do {
                try await ldap.modify(operation.groupDN, [LDAPModification(.add, "member", [account.dn])])
                return .done("")
            } catch let error as LDAPError where error.typeOrValueExists {
                return .done("already")
            }
        case .removeMember:
            guard !account.dn.isEmpty else { return .done("") }
            do {
                try await ldap.modify(operation.groupDN, [LDAPModification(.delete, "member", [account.dn])])
                return .done("")
            } catch let error as LDAPError where error.noSuchAttribute || error.noSuchObject {
                return .done("already")
            }
        case .disableAccount:
            guard !account.dn.isEmpty else { return .failure("the account is not made yet") }
            switch settings.kind {
            case .openLDAP:
                // The password taken away, then locked by the password policy (in this order: the policy clears a lock
                // when the password changes). A directory whose policy does not enforce locks (no pwdLockout) still
                // lets nobody sign in.
                do {
                    try await ldap.modify(account.dn, [LDAPModification(.delete, "userPassword", [String]())])
                } catch let error as LDAPError where error.noSuchAttribute {}
                try await ldap.modify(account.dn, [LDAPModification(.replace, "pwdAccountLockedTime", [lockedForGood])])
            case .activeDirectory:
                let entry = try await ldap.read(account.dn, attributes: ["userAccountControl"])
                let flags = Int(entry?.first("userAccountControl") ?? "") ?? 512
                try await ldap.modify(account.dn, [LDAPModification(.replace, "userAccountControl", [String(flags | 2)])])
            }
            let now = app.services.clock.now()
            try await app.write(appendsToAuditTrail: false) { db in
                guard let current = try await DirectoryAccount.find(account.id!, on: db) else { return }
                (current.statusRaw, current.disabledAt) = (DirectoryAccount.Status.disabled.rawValue, now)
                try await current.update(on: db)
            }
            return .done("")
        }
    }

    /// Makes the account: the first free name (a taken one gets 2, 3, … added, and the outcome says so), the entry,
    /// then the initial password, which the directory must make the person change at first sign-in.
    private static func create(
        _ account: DirectoryAccount, ldap: LDAPConnection, settings: DirectorySettings, app: Application
    ) async throws -> Outcome {
        if account.status == .active { return .done("already") }
        guard let employee = try await Employee.find(account.employeeID, on: app.db) else { return .failure("no such employee") }
        let template = settings.template
        let person = DirectoryPerson(
            givenName: employee.firstName, familyName: employee.lastName, email: employee.workEmail,
            employeeNumber: employee.employeeNumber, jobTitle: employee.jobTitle)
        var (dn, note) = (account.dn, "")
        if dn.isEmpty {
            let wanted = template.username(for: person)
            guard !wanted.isEmpty else { return .failure("the name gives no account name") }
            let nameAttribute = settings.kind == .activeDirectory ? "sAMAccountName" : "uid"
            var chosen: (String, String)?
            for candidate in [wanted] + AccountNaming.alternatives(to: wanted) {
                let candidateDN = template.dn(for: person, username: candidate, escape: LDAPEscaping.dnValue)
                let sameName = try await ldap.search(
                    base: settings.usersBase, filter: "(\(nameAttribute)=\(LDAPEscaping.filterValue(candidate)))", attributes: ["1.1"])
                if sameName.isEmpty, try await ldap.read(candidateDN, attributes: ["1.1"]) == nil {
                    chosen = (candidate, candidateDN)
                    break
                }
            }
            guard let (candidate, candidateDN) = chosen else { return .failure("\(wanted) and \(wanted)2 … \(wanted)9 are all taken") }
            if candidate != wanted { note = "taken:\(wanted)" }
            try await ldap.add(candidateDN, template.entry(for: person, username: candidate))
            dn = candidateDN
            // Kept at once: should the password fail below, the retry finds the entry as its own.
            try await app.write(appendsToAuditTrail: false) { db in
                guard let current = try await DirectoryAccount.find(account.id!, on: db) else { return }
                (current.username, current.dn) = (candidate, candidateDN)
                try await current.update(on: db)
            }
        }
        let password = settings.passwordPolicy.generate()
        switch settings.kind {
        case .openLDAP:
            // The password modify operation by a password administrator: ppolicy marks it pwdReset (change at first sign-in).
            try await ldap.setPassword(dn, password)
        case .activeDirectory:
            // unicodePwd: the password in quotes, UTF-16LE; only over LDAPS. pwdLastSet 0: change at first sign-in.
            let quoted = Array("\"\(password)\"".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
            try await ldap.modify(
                dn,
                [
                    LDAPModification(.replace, "unicodePwd", bytes: [quoted]), LDAPModification(.replace, "userAccountControl", ["512"]),
                    LDAPModification(.replace, "pwdLastSet", ["0"]),
                ])
        }
        let sealed = try app.services.secretBox.seal(password, boundTo: DirectoryAccount.passwordContext(account.id!))
        try await app.write(appendsToAuditTrail: false) { db in
            guard let current = try await DirectoryAccount.find(account.id!, on: db) else { return }
            (current.statusRaw, current.initialPasswordSealed) = (DirectoryAccount.Status.active.rawValue, sealed)
            try await current.update(on: db)
        }
        return .done(note)
    }
}
