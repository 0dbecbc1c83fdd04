import Directory
import Domain
import Fluent
import Foundation
import Vapor

extension LDAPServer.Security {
    var labelKey: String { "directory.security.\(rawValue)" }
}

/// *Access → Directory*: where the directory is and how accounts are made, a connection test, the queue of changes on
/// their way into it (a failing one with the server's reason and its next attempt), and the last comparison of the
/// directory with Quartermaster, whose fixes are queued only when a person confirms them.
struct DirectoryPages: Sendable {
    func service(_ req: Request) -> DirectoryService { DirectoryService(app: req.application, actor: req.auditActor) }

    struct Content: Encodable {
        struct Settings: Encodable {
            let kinds: [Choice]
            let host: String
            let port: String
            let securities: [Choice]
            let caCertificate: String
            let timeoutSeconds: String
            let bindDN: String
            let passwordSet: Bool
            let dnTemplate: String
            let usernameTemplate: String
            let attributes: String
            let passwordLength: String
            let passwordSymbols: Bool
            let version: Int
        }

        struct Operation: Encodable {
            let created: String
            let employee: String
            let employeeHref: String?
            let kind: String
            let group: String
            let status: String
            let statusRaw: String
            let attempts: Int
            let nextAttempt: String
            let error: String
            let outcome: String
            let retryAction: String?
        }

        struct DriftRow: Encodable {
            let dn: String
            let name: String
            let href: String?
            let group: String
        }

        struct DriftSection: Encodable {
            let title: String
            let rows: [DriftRow]
        }

        struct Drift: Encodable {
            let checked: String
            let error: String?
            let sections: [DriftSection]
            let count: Int
            let fixable: Int
        }

        struct Test: Encodable {
            let ok: Bool
            let text: String
        }

        let configured: Bool
        let settings: Settings
        let test: Test?
        let pending: Int
        let failed: Int
        let operations: [Operation]
        let drift: Drift?
        let errors: [String: String]
        let stale: Bool
    }

    func page(_ req: Request) async throws -> Response { try await render(req) }

    func render(
        _ req: Request, form: FormFields? = nil, errors: ValidationFailure? = nil, stale: Bool = false, test: Content.Test? = nil,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let settings = try await DirectorySettings.current(on: req.db)
        let value = { (name: String, stored: String) in form.map { $0[name] } ?? stored }
        let pendingStatus = DirectoryOperation.Status.pending.rawValue
        let failedStatus = DirectoryOperation.Status.failed.rawValue
        let operations = try await DirectoryOperation.query(on: req.db).filter(\.$statusRaw ~~ [pendingStatus, failedStatus])
            .sort(\.$createdAt, .descending).limit(100).all()
        let names = try await Employee.auditLabels(Array(Set(operations.map(\.employeeID))), on: req.db)
        let content = Content(
            configured: settings.isConfigured,
            settings: .init(
                kinds: Choice.list(req, DirectoryKind.allCases, key: \.labelKey, selected: value("kind", settings.kindRaw)),
                host: value("host", settings.host), port: value("port", String(settings.port)),
                securities: Choice.list(
                    req, LDAPServer.Security.allCases, key: \.labelKey, selected: value("security", settings.securityRaw)),
                caCertificate: value("caCertificate", settings.caCertificate),
                timeoutSeconds: value("timeoutSeconds", String(settings.timeoutSeconds)), bindDN: value("bindDN", settings.bindDN),
                passwordSet: settings.bindPasswordSealed != nil, dnTemplate: value("dnTemplate", settings.dnTemplate),
                usernameTemplate: value("usernameTemplate", settings.usernameTemplate),
                attributes: value("attributes", settings.attributesText),
                passwordLength: value("passwordLength", String(settings.passwordLength)),
                passwordSymbols: form.map { !$0["passwordSymbols"].isEmpty } ?? settings.passwordSymbols, version: settings.version),
            test: test,
            pending: try await DirectoryOperation.query(on: req.db).filter(\.$statusRaw == pendingStatus).count(),
            failed: try await DirectoryOperation.query(on: req.db).filter(\.$statusRaw == failedStatus).count(),
            operations: operations.map { Self.row($0, names: names, req) },
            drift: try await Self.drift(req), errors: req.fieldMessages(errors), stale: stale)
        return try await req.page("people/directory", titleKey: "directory.title", content, status: status)
    }

    static func row(_ operation: DirectoryOperation, names: [UUID: String], _ req: Request) -> Content.Operation {
        let waiting = operation.status == .pending && operation.attempts > 0
        let outcome =
            operation.outcome.hasPrefix("taken:")
            ? req.t("directory.outcome.taken", ["name": String(operation.outcome.dropFirst(6))])
            : operation.outcome == "already" ? req.t("directory.outcome.already") : ""
        return Content.Operation(
            created: req.dateTime(operation.createdAt), employee: names[operation.employeeID] ?? "",
            employeeHref: req.link(Paths.employeeAccess.path(operation.employeeID)), kind: req.t(operation.kind.labelKey),
            group: operation.groupDN, status: req.t(waiting ? "directory.operation.status.retrying" : operation.status.labelKey),
            statusRaw: operation.statusRaw, attempts: operation.attempts,
            nextAttempt: operation.status == .pending && operation.attempts > 0 ? req.dateTime(operation.nextAttemptAt) : "",
            error: operation.lastError ?? "", outcome: outcome,
            retryAction: operation.status == .failed && req.may(.manageApplications)
                ? Paths.directoryOperationRetry.path(operation.id!) : nil)
    }

    static func drift(_ req: Request) async throws -> Content.Drift? {
        guard let last = try await DirectoryReconciliation.last(on: req.db) else { return nil }
        guard let drift = last.drift else {
            return .init(checked: req.dateTime(last.checkedAt), error: last.error ?? "", sections: [], count: 0, fixable: 0)
        }
        let account = { (item: DirectoryComparison.Account) in
            Content.DriftRow(
                dn: item.dn, name: item.name, href: item.employeeID.flatMap { req.link(Paths.employeeAccess.path($0)) }, group: "")
        }
        let member = { (item: DirectoryComparison.Membership) in
            Content.DriftRow(
                dn: item.dn, name: item.name, href: item.employeeID.flatMap { req.link(Paths.employeeAccess.path($0)) }, group: item.group)
        }
        let sections = [
            Content.DriftSection(title: req.t("directory.drift.still_enabled"), rows: drift.stillEnabled.map(account)),
            .init(title: req.t("directory.drift.unexpected_members"), rows: drift.unexpectedMembers.map(member)),
            .init(title: req.t("directory.drift.missing_members"), rows: drift.missingMembers.map(member)),
            .init(title: req.t("directory.drift.without_employee"), rows: drift.withoutEmployee.map(account)),
            .init(title: req.t("directory.drift.missing"), rows: drift.missing.map(account)),
            .init(
                title: req.t("directory.drift.missing_groups"),
                rows: drift.missingGroups.map { .init(dn: $0, name: "", href: nil, group: "") }),
        ].filter { !$0.rows.isEmpty }
        return .init(checked: req.dateTime(last.checkedAt), error: nil, sections: sections, count: drift.count, fixable: drift.fixable)
    }

    // MARK: Actions

    func updateSettings(_ req: Request) async throws -> Response {
        let form = try req.content.decode(FormBody.self).form
        let number = { (name: String) in Int(form[name].trimmingCharacters(in: .whitespaces)) ?? -1 }
        var changes = DirectoryService.SettingsChanges()
        (changes.kind, changes.host, changes.port, changes.security) = (form["kind"], form["host"], number("port"), form["security"])
        (changes.caCertificate, changes.timeoutSeconds, changes.bindDN) = (form["caCertificate"], number("timeoutSeconds"), form["bindDN"])
        (changes.bindPassword, changes.clearPassword) = (form["bindPassword"], !form["clearPassword"].isEmpty)
        (changes.dnTemplate, changes.usernameTemplate, changes.attributes) = (
            form["dnTemplate"], form["usernameTemplate"], form["attributes"]
        )
        (changes.passwordLength, changes.passwordSymbols) = (number("passwordLength"), !form["passwordSymbols"].isEmpty)
        return try await req.submit {
            _ = try await service(req).updateSettings(expectedVersion: form.version ?? -1, changes)
            return req.redirect(to: Paths.directory.path + "?done=saved", redirectType: .normal)
        } invalid: { failure in
            return try await render(req, form: form, errors: failure, status: .unprocessableEntity)
        } stale: {
            return try await render(req, stale: true, status: .preconditionFailed)
        }
    }

    func test(_ req: Request) async throws -> Response {
        let result: Content.Test
        switch await service(req).test() {
        case .success(let count):
            let settings = try await DirectorySettings.current(on: req.db)
            let catalogue = req.services.localizer.catalogue(req.language)
            result = .init(ok: true, text: catalogue.plural("directory.test.ok", count: count, ["base": settings.usersBase]))
        case .failure(let error):
            let settings = try await DirectorySettings.current(on: req.db)
            // libldap says "Can't contact LDAP server" also when the TLS handshake fails on the certificate.
            let hint = error.code == -1 && settings.security != .none ? " " + req.t("directory.test.tls_hint") : ""
            result = .init(ok: false, text: req.t("directory.test.failed", ["reason": error.description]) + hint)
        }
        return try await render(req, test: result)
    }

    func check(_ req: Request) async throws -> Response {
        // A failure is kept with the comparison and shown in its place.
        _ = try? await DirectoryReconciliation.run(app: req.application)
        return req.redirect(to: Paths.directory.path + "?done=checked#drift", redirectType: .normal)
    }

    func fix(_ req: Request) async throws -> Response {
        guard let drift = try await DirectoryReconciliation.last(on: req.db)?.drift else {
            return req.redirect(to: Paths.directory.path, redirectType: .normal)
        }
        let count = try await DirectoryReconciliation.queueFixes(drift, app: req.application, actor: req.auditActor)
        return req.redirect(to: Paths.directory.path + "?done=scheduled&count=\(count)", redirectType: .normal)
    }

    func retry(_ req: Request) async throws -> Response {
        do {
            try await service(req).retry(try req.requireID())
        } catch let error as AppError where error.code == AppError.conflict.code {}  // back in the queue already
        return req.redirect(to: Paths.directory.path + "?done=scheduled&count=1", redirectType: .normal)
    }

    // MARK: The employee's account

    /// The directory part of an employee's access page: the account, what is on its way into the directory for them,
    /// and the buttons of those who may act.
    struct AccountPanel: Encodable {
        let configured: Bool
        let exists: Bool
        let status: String
        let statusRaw: String
        let username: String
        let dn: String
        let passwordShown: String
        let requestAction: String?
        let revealAction: String?
        let disableAction: String?
        let operations: [Content.Operation]
    }

    static func panel(for employee: Employee, _ req: Request) async throws -> AccountPanel {
        let id = employee.id!
        let settings = try await DirectorySettings.current(on: req.db)
        let account = try await DirectoryAccount.query(on: req.db).filter(\.$employeeID == id).first()
        let operations = try await DirectoryOperation.query(on: req.db).filter(\.$employeeID == id).sort(\.$createdAt, .descending)
            .limit(20).all()
        let manage = req.may(.manageApplications)
        let active = employee.status != .left && employee.erasedAt == nil
        let shown = account.flatMap { account in
            account.passwordShownAt.map {
                req.t("directory.password.shown", ["date": req.dateTime($0), "name": account.passwordShownBy ?? ""])
            }
        }
        return AccountPanel(
            configured: settings.isConfigured, exists: account != nil, status: account.map { req.t($0.status.labelKey) } ?? "",
            statusRaw: account?.statusRaw ?? "", username: account?.username ?? "", dn: account?.dn ?? "", passwordShown: shown ?? "",
            requestAction: manage && settings.isConfigured && account == nil && active ? Paths.employeeDirectoryAccount.path(id) : nil,
            revealAction: manage && account?.initialPasswordSealed != nil ? Paths.employeeDirectoryPassword.path(id) : nil,
            disableAction: manage && account.map { $0.status == .active } == true
                && !operations.contains(where: { $0.kind == .disableAccount && $0.status == .pending })
                ? Paths.employeeDirectoryDisable.path(id) : nil,
            operations: operations.map { row($0, names: [id: employee.fullName], req) })
    }

    func requestAccount(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let operations = try await service(req).requestAccount(for: id)
        return req.redirect(to: Paths.employeeAccess.path(id) + "?done=scheduled&count=\(operations)", redirectType: .normal)
    }

    func disableAccount(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        guard !(try req.content.decode(FormBody.self).form["confirm"]).isEmpty else {
            return req.redirect(to: Paths.employeeAccess.path(id), redirectType: .normal)
        }
        do {
            try await service(req).disableAccount(of: id)
        } catch let error as AppError where error.code == AppError.conflict.code {}  // disabled already
        return req.redirect(to: Paths.employeeAccess.path(id) + "?done=scheduled&count=1", redirectType: .normal)
    }

    struct PasswordContent: Encodable {
        let employee: String
        let backHref: String
        let username: String
        let password: String
    }

    /// The initial password, this once. Not kept by the browser's cache either.
    func revealPassword(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        guard let employee = try await Employee.find(id, on: req.db) else { throw AppError.notFound }
        let password: String
        do {
            password = try await service(req).revealPassword(of: id)
        } catch let error as AppError where error.code == AppError.notFound.code {
            // Shown already (a second tab, a colleague): the access page says when and to whom.
            return req.redirect(to: Paths.employeeAccess.path(id), redirectType: .normal)
        }
        let account = try await DirectoryAccount.query(on: req.db).filter(\.$employeeID == id).first()
        let response = try await req.page(
            "people/directory-password", titleKey: "directory.password.title", record: employee.fullName,
            PasswordContent(
                employee: employee.fullName, backHref: Paths.employeeAccess.path(id), username: account?.username ?? "", password: password)
        )
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
