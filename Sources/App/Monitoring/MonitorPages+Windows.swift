import Domain
import Fluent
import Foundation
import Probes
import Vapor

/// The maintenance windows page: the list with the next start of each, and the form.
extension MonitorPages {
    struct WindowsContent: Encodable {
        struct Row: Encodable {
            let name: String
            let scope: String
            let scopeHref: String?
            let schedule: String
            let next: String
            let active: Bool
            let removeAction: String
        }

        let rows: [Row]
        let canManage: Bool
        let form: [String: String]
        let scopes: [Choice]
        let errors: [String: String]
        let timeZone: String
    }

    func windows(_ req: Request) async throws -> Response { try await windowsPage(req, form: [:], errors: nil) }

    func windowsPage(_ req: Request, form: [String: String], errors: ValidationFailure?, status: HTTPStatus = .ok) async throws
        -> Response
    {
        let windows = try await MaintenanceWindow.query(on: req.db).sort(\.$name).all()
        let zone = try await req.application.services.organisation.current(on: req.db).timeZone
        let localizer = req.services.localizer
        let now = req.now
        let scopeNames = try await Self.scopeNames(windows, on: req.db)
        let rows = windows.map { window in
            let schedule = MaintenanceCalendar.schedule(window)
            let next = schedule?.windows(overlapping: DateInterval(start: now, duration: 400 * 86400), limit: 1).first
            return WindowsContent.Row(
                name: window.name, scope: req.t(window.scope.labelKey) + ": " + (scopeNames[window.scopeID]?.0 ?? "–"),
                scopeHref: req.link(scopeNames[window.scopeID]?.1),
                schedule: [
                    schedule.map { localizer.dateTime($0.start, req.language, timeZone: $0.timeZone) }
                        ?? window.startsLocal.replacingOccurrences(of: "T", with: " "),
                    localizer.duration(seconds: window.durationMinutes * 60, req.language),
                    schedule.flatMap { schedule in
                        schedule.recurrence.map {
                            RecurrenceText.describe($0, start: schedule.start, timeZone: schedule.timeZone, req.language, localizer)
                        }
                    } ?? window.rrule,
                ].filter { !$0.isEmpty }.joined(separator: " · "),
                next: next.map { req.dateTime($0.start) } ?? "–",
                active: schedule?.isActive(at: now) ?? false, removeAction: Paths.maintenanceWindowRemove.path(window.id!))
        }
        var values = form
        if values["scope"] == nil { values["scope"] = MaintenanceWindow.Scope.asset.rawValue }
        if values["durationMinutes"] == nil { values["durationMinutes"] = "60" }
        return try await req.page(
            "monitoring/maintenance", titleKey: "maintenance.title",
            WindowsContent(
                rows: rows, canManage: req.may(.manageMonitoring), form: values,
                scopes: MaintenanceWindow.Scope.allCases.map {
                    Choice(value: $0.rawValue, label: req.t($0.labelKey), selected: $0.rawValue == values["scope"])
                }, errors: req.fieldMessages(errors), timeZone: zone.identifier), status: status)
    }

    /// What each window covers, by name and link: an asset's tag, a site's name, a check's name.
    static func scopeNames(_ windows: [MaintenanceWindow], on db: any Database) async throws -> [UUID: (String, String?)] {
        let ids = Set(windows.map(\.scopeID))
        var names: [UUID: (String, String?)] = [:]
        for asset in try await Asset.query(on: db).filter(\.$id ~~ ids).all() {
            names[asset.id!] = ("\(asset.tag) \(asset.name)", Paths.hardwareAsset.path(asset.id!))
        }
        for site in try await Site.query(on: db).filter(\.$id ~~ ids).all() { names[site.id!] = (site.name, nil) }
        for check in try await Check.query(on: db).filter(\.$id ~~ ids).all() {
            names[check.id!] = (check.name, Paths.check.path(check.id!))
        }
        return names
    }

    func createWindow(_ req: Request) async throws -> Response {
        struct Form: Content {
            var name: String?
            var scope: String?
            var target: String?
            var starts: String?
            var durationMinutes: String?
            var rrule: String?
        }
        let form = try req.content.decode(Form.self)
        let values = [
            "name": form.name ?? "", "scope": form.scope ?? "", "target": form.target ?? "", "starts": form.starts ?? "",
            "durationMinutes": form.durationMinutes ?? "", "rrule": form.rrule ?? "",
        ]
        return try await req.submit {
            // The target is named as people know it: an asset's tag, a site's name or code, a check's name.
            let target = values["target"]!.trimmingCharacters(in: .whitespaces)
            var scopeID: UUID?
            switch MaintenanceWindow.Scope(rawValue: values["scope"]!) {
            case .asset: scopeID = try await Asset.find(tag: target, on: req.db)?.id
            case .site: scopeID = try await Site.query(on: req.db).filter(\.$name == target).first()?.id
            case .check: scopeID = try await Check.query(on: req.db).filter(\.$name == target).first()?.id
            case nil: break
            }
            guard let minutes = Int(values["durationMinutes"]!.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationFailure([FieldError(field: "durationMinutes", code: .invalid)])
            }
            if scopeID == nil, !target.isEmpty { throw ValidationFailure([FieldError(field: "target", code: .notFound)]) }
            let zone = try await req.application.services.organisation.current(on: req.db).timeZone.identifier
            _ = try await service(req).createWindow(
                .init(
                    name: values["name"]!, scope: values["scope"]!, scopeID: scopeID, starts: values["starts"]!, durationMinutes: minutes,
                    timeZone: zone, rrule: values["rrule"]!))
            return req.redirect(to: Paths.maintenanceWindows.path + "?done=created", redirectType: .normal)
        } invalid: { failure in
            let renamed = ValidationFailure(failure.errors.map { $0.field == "scopeId" ? FieldError(field: "target", code: $0.code) : $0 })
            return try await windowsPage(req, form: values, errors: renamed, status: .unprocessableEntity)
        }
    }

    func removeWindow(_ req: Request) async throws -> Response {
        try await service(req).deleteWindow(try req.requireID())
        return req.redirect(to: Paths.maintenanceWindows.path + "?done=removed", redirectType: .normal)
    }
}
