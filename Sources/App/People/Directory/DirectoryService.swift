import Crypto
import Directory
import Domain
import Fluent
import Foundation
import NIOSSL
import Vapor

/// The company's directory: its settings, the connection to it, and the accounts and group memberships Quartermaster
/// asks for. Every change to the directory goes through the operation queue (`DirectoryProvisioner` carries it out).
struct DirectoryService: Sendable {
    let app: Application
    let actor: AuditActor

    // MARK: Settings

    struct SettingsChanges: Sendable {
        var kind: String?
        var host: String?
        var port: Int?
        var security: String?
        var caCertificate: String?
        var timeoutSeconds: Int?
        var bindDN: String?
        /// A new password; nil or empty keeps the stored one.
        var bindPassword: String?
        var clearPassword = false
        var dnTemplate: String?
        var usernameTemplate: String?
        var attributes: String?
        var passwordLength: Int?
        var passwordSymbols: Bool?
    }

    func updateSettings(expectedVersion: Int, _ changes: SettingsChanges) async throws -> DirectorySettings {
        let (box, now, actor) = (app.services.secretBox, app.services.clock.now(), self.actor)
        return try await app.write { db in
            let settings = try await DirectorySettings.current(on: db)
            guard settings.version == expectedVersion else { throw AppError.preconditionFailed }
            let before = settings.auditFields
            let trim = { (value: String) in value.trimmingCharacters(in: .whitespacesAndNewlines) }
            if let kind = changes.kind { settings.kindRaw = kind }
            if let host = changes.host { settings.host = trim(host) }
            if let port = changes.port { settings.port = port }
            if let security = changes.security { settings.securityRaw = security }
            if let pem = changes.caCertificate { settings.caCertificate = trim(pem) }
            if let seconds = changes.timeoutSeconds { settings.timeoutSeconds = seconds }
            if let dn = changes.bindDN { settings.bindDN = trim(dn) }
            if changes.clearPassword { settings.bindPasswordSealed = nil }
            if let password = changes.bindPassword, !password.isEmpty {
                settings.bindPasswordSealed = try box.seal(password, boundTo: DirectorySettings.passwordContext)
            }
            if let template = changes.dnTemplate { settings.dnTemplate = trim(template) }
            if let template = changes.usernameTemplate { settings.usernameTemplate = trim(template) }
            if let mapping = changes.attributes {
                settings.attributesText = mapping.split(whereSeparator: \.isNewline).map { trim(String($0)) }.filter { !$0.isEmpty }
                    .joined(separator: "\n")
            }
            if let length = changes.passwordLength { settings.passwordLength = length }
            if let symbols = changes.passwordSymbols { settings.passwordSymbols = symbols }
            try InputCheck.check(Self.problems(settings))
            var diff = AuditLog.diff(before: before, after: settings.auditFields)
            // A new password is a change even when one was set before; its value never enters the trail.
            if changes.bindPassword?.isEmpty == false {
                diff["bind_password"] = AuditChange(before: before["bind_password"], after: "(changed)")
            }
            guard !diff.isEmpty else { return settings }
            settings.version += 1
            settings.updatedAt = now
            try await settings.update(on: db)
            try await AuditLog.append(
                on: db, actor: actor, action: "directory_settings.update", entityType: "directory_settings", entityID: "1", changes: diff,
                at: now)
            return settings
        }
    }

    static func problems(_ settings: DirectorySettings) -> [FieldError] {
        var errors: [FieldError] = []
        if DirectoryKind(rawValue: settings.kindRaw) == nil { errors.append(FieldError(field: "kind", code: .invalid)) }
        if settings.host.contains(where: { $0.isWhitespace || $0 == "/" }) || settings.host.count > 253 {
            errors.append(FieldError(field: "host", code: .invalid))
        }
        if !(1...65535).contains(settings.port) { errors.append(FieldError(field: "port", code: .outOfRange)) }
        if LDAPServer.Security(rawValue: settings.securityRaw) == nil { errors.append(FieldError(field: "security", code: .invalid)) }
        if settings.security == .none, settings.bindPasswordSealed != nil, !["127.0.0.1", "::1", "localhost"].contains(settings.host) {
            // The service account's password, and every initial password, would cross the network in clear.
            errors.append(FieldError(field: "security", code: .credentialsNeedEncryption))
        }
        if !settings.caCertificate.isEmpty, (try? NIOSSLCertificate.fromPEMBytes(Array(settings.caCertificate.utf8)))?.isEmpty ?? true {
            errors.append(FieldError(field: "caCertificate", code: .certificateInvalid))
        }
        if !(1...120).contains(settings.timeoutSeconds) { errors.append(FieldError(field: "timeoutSeconds", code: .outOfRange)) }
        if settings.bindDN.count > 500 { errors.append(FieldError(field: "bindDN", code: .tooLong)) }
        if DirectoryTemplate.parseAttributes(settings.attributesText) == nil {
            errors.append(FieldError(field: "attributes", code: .mappingLineInvalid))
        }
        for problem in settings.template.problems {
            switch problem {
            case .dnNeedsPlaceholder: errors.append(FieldError(field: "dnTemplate", code: .dnNeedsPlaceholder))
            case .usernameNeedsPlaceholder: errors.append(FieldError(field: "usernameTemplate", code: .usernameNeedsPlaceholder))
            case .unknownPlaceholder: errors.append(FieldError(field: "attributes", code: .unknownPlaceholder))
            case .mappingLineInvalid: errors.append(FieldError(field: "attributes", code: .mappingLineInvalid))
            }
        }
        if !InitialPasswordPolicy.lengths.contains(settings.passwordLength) {
            errors.append(FieldError(field: "passwordLength", code: .outOfRange))
        }
        return errors
    }

    // MARK: Connection

    /// Connects and binds as the service account.
    func connect(_ settings: DirectorySettings) async throws -> LDAPConnection {
        guard settings.isConfigured, let sealed = settings.bindPasswordSealed else {
            throw LDAPError(code: -1, text: "The directory is not set up")
        }
        let password = try app.services.secretBox.open(sealed, boundTo: DirectorySettings.passwordContext)
        let server = LDAPServer(
            host: settings.host, port: settings.port, security: settings.security, caFile: try Self.caFile(settings.caCertificate),
            timeout: .seconds(settings.timeoutSeconds))
        return try await LDAPConnection.connect(to: server, bindDN: settings.bindDN, password: password, pool: app.threadPool)
    }

    /// The CA certificate as a file libldap can read: written once per content into the temporary folder, readable by
    /// its owner only. Nil when none is set (the system's trust store). A file found there is used only when it holds
    /// exactly this certificate: the folder is shared, and a planted file must not decide whom Quartermaster trusts.
    static func caFile(_ pem: String) throws -> String? {
        guard !pem.isEmpty else { return nil }
        let contents = Data(pem.utf8)
        let name = SHA256.hash(data: contents).prefix(12).map { String(format: "%02x", $0) }.joined()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("quartermaster-directory-ca-\(name).pem")
        if FileManager.default.contents(atPath: url.path) != contents {
            try contents.write(to: url, options: .atomic)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        }
        return url.path
    }

    /// What signing in to the directory gives: the accounts under the users' base, or the server's reason for refusing.
    func test() async -> Result<Int, LDAPError> {
        do {
            let settings = try await DirectorySettings.current(on: app.db)
            let ldap = try await connect(settings)
            defer { ldap.close() }
            let accounts = try await ldap.search(base: settings.usersBase, scope: .oneLevel, filter: "(objectClass=*)", attributes: ["1.1"])
            return .success(accounts.count)
        } catch let error as LDAPError {
            return .failure(error)
        } catch {
            return .failure(LDAPError(code: -1, text: String(describing: error)))
        }
    }

    // MARK: Accounts

    /// Asks for an account for the employee: made by the next provisioning run, then added to the groups of every
    /// directory application they have access to. Refused when the directory is not set up, the person has left, or
    /// already has one. Returns the number of operations queued.
    @discardableResult
    func requestAccount(for employeeID: UUID) async throws -> Int {
        let (now, actor) = (app.services.clock.now(), self.actor)
        return try await app.write { db in
            guard let employee = try await Employee.find(employeeID, on: db), employee.erasedAt == nil else { throw AppError.notFound }
            // Not set up, left, or made already: the request does not fit the state of things.
            guard try await DirectorySettings.current(on: db).isConfigured, employee.status != .left else { throw AppError.conflict }
            guard try await DirectoryAccount.query(on: db).filter(\.$employeeID == employeeID).first() == nil else {
                throw AppError.conflict
            }
            let account = DirectoryAccount()
            (account.id, account.employeeID, account.username, account.dn) = (UUID(), employeeID, "", "")
            (account.statusRaw, account.createdAt) = (DirectoryAccount.Status.pending.rawValue, now)
            try await account.create(on: db)
            var operations = [DirectoryOperation.make(.createAccount, employee: employeeID, at: now, by: actor.label)]
            for group in try await Self.groups(of: employeeID, on: db) {
                operations.append(DirectoryOperation.make(.addMember, employee: employeeID, group: group, at: now, by: actor.label))
            }
            for operation in operations { try await operation.create(on: db) }
            try await AuditLog.append(
                on: db, actor: actor, action: "directory.account_request", entityType: "employee", entityID: employeeID.uuidString,
                changes: ["groups": AuditChange(before: nil, after: String(operations.count - 1))], at: now)
            return operations.count
        }
    }

    /// The directory groups the employee should be in: those of every directory application they have access to.
    static func groups(of employeeID: UUID, on db: any Database) async throws -> [String] {
        let appIDs = try await AccessGrant.query(on: db).filter(\.$employeeID == employeeID).filter(\.$revokedAt == nil).all().map(\.appID)
        guard !appIDs.isEmpty else { return [] }
        let apps = try await CompanyApp.query(on: db).filter(\.$id ~~ appIDs).filter(\.$methodRaw == AccessMethod.directoryGroup.rawValue)
            .all()
        var seen = Set<String>()
        return apps.flatMap(\.directoryGroups).filter { seen.insert(LDAPEscaping.normalizedDN($0)).inserted }
    }

    /// Queues the group changes that grants or removals of `record` mean for those of `employeeIDs` who have an
    /// account, in the caller's transaction.
    static func queueMemberships(
        _ kind: DirectoryOperation.Kind, app record: CompanyApp, employees employeeIDs: [UUID], at now: Date, by actor: String,
        on db: any Database
    ) async throws {
        guard record.method == .directoryGroup, !record.directoryGroups.isEmpty else { return }
        var holders: [UUID] = []
        for chunk in employeeIDs.boundChunks() {
            holders += try await DirectoryAccount.query(on: db).filter(\.$employeeID ~~ chunk)
                .filter(\.$statusRaw != DirectoryAccount.Status.disabled.rawValue).all().map(\.employeeID)
        }
        let operations = holders.flatMap { employee in
            record.directoryGroups.map { DirectoryOperation.make(kind, employee: employee, group: $0, at: now, by: actor) }
        }
        for operation in operations { try await operation.create(on: db) }
    }

    /// The initial password, shown once: it is unsealed for this one view and then erased, and the view is audited.
    func revealPassword(of employeeID: UUID) async throws -> String {
        let (box, now, actor) = (app.services.secretBox, app.services.clock.now(), self.actor)
        return try await app.write { db in
            guard let account = try await DirectoryAccount.query(on: db).filter(\.$employeeID == employeeID).first(),
                let sealed = account.initialPasswordSealed
            else { throw AppError.notFound }
            let password = try box.open(sealed, boundTo: DirectoryAccount.passwordContext(account.id!))
            (account.initialPasswordSealed, account.passwordShownAt, account.passwordShownBy) = (nil, now, actor.label)
            try await account.update(on: db)
            try await AuditLog.append(
                on: db, actor: actor, action: "directory.password_shown", entityType: "employee", entityID: employeeID.uuidString,
                changes: ["account": AuditChange(before: nil, after: account.dn)], at: now)
            return password
        }
    }

    /// Asks for the account to be disabled (not deleted) by the next provisioning run.
    func disableAccount(of employeeID: UUID) async throws {
        let (now, actor) = (app.services.clock.now(), self.actor)
        try await app.write { db in
            guard let account = try await DirectoryAccount.query(on: db).filter(\.$employeeID == employeeID).first() else {
                throw AppError.notFound
            }
            guard account.status != .disabled else { throw AppError.conflict }
            try await DirectoryOperation.make(.disableAccount, employee: employeeID, at: now, by: actor.label).create(on: db)
            try await AuditLog.append(
                on: db, actor: actor, action: "directory.account_disable", entityType: "employee", entityID: employeeID.uuidString,
                changes: ["account": AuditChange(before: account.dn, after: nil)], at: now)
        }
    }

    /// Puts a failed operation back in the queue, due now.
    func retry(_ operationID: UUID) async throws {
        let (now, actor) = (app.services.clock.now(), self.actor)
        try await app.write { db in
            guard let operation = try await DirectoryOperation.find(operationID, on: db) else { throw AppError.notFound }
            guard operation.status == .failed else { throw AppError.conflict }
            (operation.statusRaw, operation.attempts, operation.nextAttemptAt) = (DirectoryOperation.Status.pending.rawValue, 0, now)
            try await operation.update(on: db)
            try await AuditLog.append(
                on: db, actor: actor, action: "directory.operation_retry", entityType: "employee",
                entityID: operation.employeeID.uuidString, changes: ["operation": AuditChange(before: nil, after: operation.kindRaw)],
                at: now)
        }
    }
}
