import Domain
import Fluent
import Foundation
import Vapor

/// Sign-in, the dashboard and the profile.
struct WebController: Sendable {
    func root(_ req: Request) async throws -> Response {
        req.redirect(to: req.principal == nil ? Paths.signIn.path : Paths.dashboard.path)
    }

    struct SignInContent: Encodable {
        var email = ""
        var next: String
        var error: String?
    }

    func signInPage(_ req: Request) async throws -> Response {
        if req.principal != nil { return req.redirect(to: Paths.dashboard.path) }
        return try await req.page(
            "signin", titleKey: "signin.title", SignInContent(next: req.safeNext(try? req.query.get(String.self, at: "next"))))
    }

    struct SignInForm: Content {
        var email: String
        var password: String
        var next: String?
    }

    func signIn(_ req: Request) async throws -> Response {
        let form = try req.content.decode(SignInForm.self)
        let next = req.safeNext(form.next)
        let outcome = try await SignInService(app: req.application).signIn(
            email: form.email, password: form.password, clientAddress: req.clientAddress ?? "unknown",
            userAgent: req.headers.first(name: .userAgent))
        switch outcome {
        case .signedIn(_, let token):
            let response = req.redirect(to: next, redirectType: .normal)
            response.cookies[AuthenticationMiddleware.sessionCookie] = HTTPCookies.Value(
                string: token, maxAge: req.services.config.sessionAbsoluteHours * 3600, path: "/",
                isSecure: req.services.config.secureCookies, isHTTPOnly: true, sameSite: .lax)
            return response
        case .wrongCredentials:
            return try await req.page(
                "signin", titleKey: "signin.title", SignInContent(email: form.email, next: next, error: req.t("signin.failed")),
                status: .unauthorized)
        case .throttled(let retryAfter):
            let response = try await req.page(
                "signin", titleKey: "signin.title",
                SignInContent(email: form.email, next: next, error: req.t("signin.throttled", ["minutes": String((retryAfter + 59) / 60)])),
                status: .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(retryAfter))
            return response
        }
    }

    func signOut(_ req: Request) async throws -> Response {
        if case .session(let id, _) = req.principal?.credential {
            try await SignInService(app: req.application).signOut(sessionID: id, actor: req.auditActor)
        }
        let response = req.redirect(to: Paths.signIn.path + "?done=signed_out", redirectType: .normal)
        response.cookies[AuthenticationMiddleware.sessionCookie] = .expired
        return response
    }

    struct LanguageForm: Content {
        var language: String
        var back: String?
    }

    /// The header's switcher: remembered in a cookie, and for a signed-in user in their account too.
    func switchLanguage(_ req: Request) async throws -> Response {
        let form = try req.content.decode(LanguageForm.self)
        guard let language = Language(rawValue: form.language) else {
            throw AppError.invalid(ValidationFailure([FieldError(field: "language", code: .languageUnknown)]))
        }
        if let principal = req.principal {
            _ = try await AccountService(app: req.application, actor: req.auditActor).update(
                principal.userID, expectedVersion: nil, .init(language: .some(language)))
        }
        let response = req.redirect(to: req.safeNext(form.back), redirectType: .normal)
        response.cookies[LanguageMiddleware.cookieName] = HTTPCookies.Value(
            string: language.rawValue, maxAge: 365 * 86400, path: "/", isSecure: req.services.config.secureCookies, isHTTPOnly: true,
            sameSite: .lax)
        return response
    }

    struct DashboardContent: Encodable {
        struct Tile: Encodable {
            let labelKey: String
            let value: String
            let href: String?
        }

        struct Recent: Encodable {
            let when: String
            let actor: String
            let action: String
        }

        let greeting: String
        let roleKey: String
        let tiles: [Tile]
        let recent: [Recent]
        let failingJobs: [String]
        let maintenance: [MaintenanceDue]
        let risks: [RiskPages.Row]
    }

    /// A maintenance task that is due or overdue, on the dashboard: the reader's own, then everybody's overdue ones.
    struct MaintenanceDue: Encodable {
        let href: String
        let title: String
        let subject: String
        let due: String
        let state: String
        let stateLabel: String
        let assignee: String
    }

    func dashboard(_ req: Request) async throws -> Response {
        let principal = req.principal!
        let permissions = req.services.permissions
        let dayAgo = req.now.addingTimeInterval(-86400)
        var tiles: [DashboardContent.Tile] = []
        var recent: [DashboardContent.Recent] = []
        var failingJobs: [String] = []
        if permissions.allows(principal.role, .readUsers) {
            let active = try await User.query(on: req.db).filter(\.$disabled == false).count()
            tiles.append(
                .init(
                    labelKey: "dashboard.active_users", value: req.services.localizer.number(active, req.language),
                    href: Paths.adminUsers.path))
        }
        if permissions.allows(principal.role, .readAudit) {
            let signIns = try await AuditEntry.query(on: req.db).filter(\.$action == "auth.signin")
                .filter(\.$occurredAtMillis >= Int64(dayAgo.timeIntervalSince1970 * 1000)).count()
            let failures = try await AuditEntry.query(on: req.db).filter(\.$action == "auth.signin_failed")
                .filter(\.$occurredAtMillis >= Int64(dayAgo.timeIntervalSince1970 * 1000)).count()
            tiles.append(.init(labelKey: "dashboard.signins_24h", value: req.services.localizer.number(signIns, req.language), href: nil))
            tiles.append(
                .init(
                    labelKey: "dashboard.failed_signins_24h", value: req.services.localizer.number(failures, req.language),
                    href: Paths.adminAudit.path + "?action=auth.signin_failed"))
            recent = try await AuditEntry.query(on: req.db).sort(\.$id, .descending).limit(8).all().map {
                .init(when: req.dateTime($0.occurredAt), actor: $0.actorLabel, action: $0.action)
            }
        }
        if permissions.allows(principal.role, .readJobs) {
            failingJobs = try await Job.query(on: req.db).filter(\.$lastError != nil).all().map(\.name)
        }
        var maintenance: [MaintenanceDue] = []
        var risks: [RiskPages.Row] = []
        if permissions.allows(principal.role, .readMonitoring) {
            let zone = try await req.application.services.organisation.current(on: req.db).timeZone
            risks = RiskPages.rows(try await RiskList.build(now: req.now, zone: zone, limit: 5, on: req.db), req, zone: zone)
            let open = try await Alert.query(on: req.db).filter(\.$closedAt == nil).count()
            tiles.append(
                .init(labelKey: "dashboard.open_alerts", value: req.services.localizer.number(open, req.language), href: Paths.alerts.path))
            let today = try await req.application.organisationToday()
            // Lead days are a year at most, so a task due within a year's lead can be due today.
            let candidates = try await MaintenanceTask.query(on: req.db).filter(\.$active == true)
                .filter(\.$nextDue <= today.adding(days: 365).description).sort(\.$nextDue).all()
            let pressing = candidates.filter { $0.state(today: today) != .scheduled }
            let overdue = pressing.filter { $0.state(today: today) == .overdue }.count
            tiles.append(
                .init(
                    labelKey: "dashboard.overdue_maintenance", value: req.services.localizer.number(overdue, req.language),
                    href: Paths.tasks.path + "?state=overdue"))
            let shown = (pressing.filter { $0.assigneeID == principal.userID } + pressing.filter { $0.assigneeID != principal.userID })
                .prefix(8)
            let subjects = try await MaintenanceTaskPages.subjects(of: Array(shown), on: req.db)
            let names = try await MaintenanceTaskPages.userNames(Set(shown.compactMap(\.assigneeID)), on: req.db)
            maintenance = shown.map { task in
                let state = task.state(today: today)
                return MaintenanceDue(
                    href: Paths.task.path(task.id!), title: task.title,
                    subject: (task.assetID ?? task.siteID).flatMap { subjects[$0]?.0 } ?? "",
                    due: req.services.localizer.date(task.dueDate, req.language), state: state.rawValue, stateLabel: req.t(state.labelKey),
                    assignee: task.assigneeID.flatMap { names[$0] } ?? "–")
            }
        }
        return try await req.page(
            "dashboard", titleKey: "dashboard.title",
            DashboardContent(
                greeting: req.t("dashboard.greeting", ["name": principal.name]), roleKey: principal.role.labelKey, tiles: tiles,
                recent: recent, failingJobs: failingJobs, maintenance: maintenance, risks: risks))
    }

    struct ProfileContent: Encodable {
        struct TokenRow: Encodable {
            let id: String
            let label: String
            let scopeKey: String
            let created: String
            let expires: String
            let lastUsed: String
            let revoked: Bool
        }

        let name: String
        let email: String
        let roleKey: String
        let language: String
        let languages: [LayoutContext.LanguageChoice]
        let tokens: [TokenRow]
        /// The person's maintenance calendar feed, once they made one.
        let calendarURL: String?
        var newTokenSecret: String?
        var passwordErrors: [String: String] = [:]
        var tokenErrors: [String: String] = [:]
        var tokenLabel = ""
    }

    func profile(_ req: Request) async throws -> Response {
        try await renderProfile(req)
    }

    private func renderProfile(_ req: Request, status: HTTPStatus = .ok, adjust: (inout ProfileContent) -> Void = { _ in }) async throws
        -> Response
    {
        let principal = req.principal!
        let tokens = try await APIToken.query(on: req.db).filter(\.$user.$id == principal.userID).sort(\.$createdAt, .descending).all()
        var content = ProfileContent(
            name: principal.name, email: principal.email, roleKey: principal.role.labelKey, language: principal.language?.rawValue ?? "",
            languages: Language.allCases.map { .init(code: $0.rawValue, name: $0.nativeName, selected: $0 == principal.language) },
            tokens: tokens.map {
                .init(
                    id: $0.id!.uuidString, label: $0.label, scopeKey: "tokens.scope.\($0.scopeRaw)", created: req.dateTime($0.createdAt),
                    expires: req.dateTime($0.expiresAt),
                    lastUsed: req.dateTime($0.lastUsedAt), revoked: $0.revokedAt != nil)
            }, calendarURL: try await CalendarFeedPages.url(for: principal.userID, req))
        adjust(&content)
        return try await req.page("profile", titleKey: "profile.title", content, status: status)
    }

    func changeLanguage(_ req: Request) async throws -> Response {
        let form = try req.content.decode(LanguageForm.self)
        let language = form.language.isEmpty ? nil : Language(rawValue: form.language)
        if !form.language.isEmpty, language == nil {
            throw AppError.invalid(ValidationFailure([FieldError(field: "language", code: .languageUnknown)]))
        }
        _ = try await AccountService(app: req.application, actor: req.auditActor).update(
            req.principal!.userID, expectedVersion: nil, .init(language: .some(language)))
        let response = req.redirect(to: Paths.profile.path + "?done=saved", redirectType: .normal)
        if let language {
            response.cookies[LanguageMiddleware.cookieName] = HTTPCookies.Value(
                string: language.rawValue, maxAge: 365 * 86400, path: "/", isSecure: req.services.config.secureCookies, isHTTPOnly: true,
                sameSite: .lax)
        }
        return response
    }

    struct PasswordForm: Content {
        var current: String
        var new: String
        var confirm: String
    }

    func changePassword(_ req: Request) async throws -> Response {
        let form = try req.content.decode(PasswordForm.self)
        let principal = req.principal!
        guard let user = try await User.find(principal.userID, on: req.db) else { throw AppError.notFound }
        var failure: ValidationFailure?
        if try await !req.services.passwords.verify(form.current, hash: user.passwordHash) {
            failure = ValidationFailure([FieldError(field: "current", code: .passwordWrong)])
        } else if form.new != form.confirm {
            failure = ValidationFailure([FieldError(field: "confirm", code: .passwordMismatch)])
        } else if let error = req.services.passwordPolicy.check(form.new) {
            failure = ValidationFailure([FieldError(field: "new", code: error.code)])
        }
        if let failure {
            let messages = req.fieldMessages(failure)
            return try await renderProfile(req, status: .unprocessableEntity) { $0.passwordErrors = messages }
        }
        var keep: UUID?
        if case .session(let id, _) = principal.credential { keep = id }
        try await AccountService(app: req.application, actor: req.auditActor).setPassword(principal.userID, form.new, keepSession: keep)
        return req.redirect(to: Paths.profile.path + "?done=password_changed", redirectType: .normal)
    }

    struct TokenForm: Content {
        var label: String
        var scope: String
        var expiresInDays: Int?
    }

    func createToken(_ req: Request) async throws -> Response {
        let form = try req.content.decode(TokenForm.self)
        guard let scope = APIToken.Scope(rawValue: form.scope) else {
            let messages = req.fieldMessages(ValidationFailure([FieldError(field: "scope", code: .invalid)]))
            return try await renderProfile(req, status: .unprocessableEntity) { $0.tokenErrors = messages }
        }
        do {
            let (_, secret) = try await TokenService(app: req.application, actor: req.auditActor).create(
                userID: req.principal!.userID, label: form.label, scope: scope, expiresInDays: form.expiresInDays)
            return try await renderProfile(req, status: .created) { $0.newTokenSecret = secret }
        } catch let failure as ValidationFailure {
            let messages = req.fieldMessages(failure)
            return try await renderProfile(req, status: .unprocessableEntity) {
                $0.tokenErrors = messages
                $0.tokenLabel = form.label
            }
        }
    }

    func revokeToken(_ req: Request) async throws -> Response {
        try await TokenService(app: req.application, actor: req.auditActor).revoke(try req.requireID(), ownerID: req.principal!.userID)
        return req.redirect(to: Paths.profile.path + "?done=token_revoked", redirectType: .normal)
    }
}
