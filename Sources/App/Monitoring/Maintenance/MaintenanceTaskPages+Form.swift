import Domain
import Fluent
import Foundation
import Vapor

/// The task form: planning and changing a task, as typed when refused; and removing a task.
extension MaintenanceTaskPages {
    typealias FormContent = MonitorPages.FormContent

    func new(_ req: Request) async throws -> Response {
        var form = TaskForm(today: try await req.application.organisationToday())
        if let tag = try? req.query.get(String.self, at: "assetTag") { form.values["assetTag"] = tag }
        return try await formPage(req, form, id: nil)
    }

    func edit(_ req: Request) async throws -> Response {
        guard let task = try await MaintenanceTask.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        return try await formPage(req, TaskForm(task, assetTag: try await Asset.tag(of: task.assetID, on: req.db)), id: task.id)
    }

    func formPage(
        _ req: Request, _ form: TaskForm, id: UUID?, errors: ValidationFailure? = nil, stale: Bool = false, status: HTTPStatus = .ok
    ) async throws -> Response {
        let messages = req.fieldMessages(errors)
        let sites = try await Site.query(on: req.db).filter(\.$archivedAt == nil).sort(\.$name).all()
        let permissions = req.services.permissions
        let people = try await User.query(on: req.db).filter(\.$disabled == false).sort(\.$name).all().filter {
            permissions.allows($0.role, .manageMonitoring)
        }
        func field(_ name: String, _ type: String = "text", options: [Choice] = [], hint: Bool = false, rows: Int? = nil) -> FormField {
            FormField(
                name: name, label: req.t("task.field.\(name)"), type: type, value: form[name], checked: form[name] == "on",
                options: options,
                error: messages[name], hint: hint ? req.t("task.hint.\(name)") : nil, rows: rows)
        }
        let fields: [FormField] = [
            field("title"),
            field("assetTag", hint: true),
            field(
                "siteId", "select",
                options: [Choice(value: "", label: req.t("task.no_site"), selected: form["siteId"].isEmpty)]
                    + sites.map { Choice(value: $0.id!.uuidString, label: $0.name, selected: $0.id!.uuidString == form["siteId"]) },
                hint: true),
            field("every", "number"),
            field(
                "unit", "select",
                options: MaintenanceCadence.Unit.allCases.map {
                    Choice(value: $0.rawValue, label: req.t($0.labelKey), selected: $0.rawValue == form["unit"])
                }),
            field("firstDue", "date", hint: true),
            field("leadDays", "number", hint: true),
            field(
                "assigneeId", "select",
                options: [Choice(value: "", label: req.t("task.nobody"), selected: form["assigneeId"].isEmpty)]
                    + people.map { Choice(value: $0.id!.uuidString, label: $0.name, selected: $0.id!.uuidString == form["assigneeId"]) }),
            field("steps", "textarea", hint: true, rows: 6),
            field("instructions", "textarea", rows: 4),
            field("active", "checkbox"),
        ]
        let content = FormContent(
            action: id.map { Paths.task.path($0) } ?? Paths.tasks.path, isNew: id == nil, version: form.version, fields: fields,
            hasErrors: !(errors?.errors.isEmpty ?? true), stale: stale, cancel: id.map { Paths.task.path($0) } ?? Paths.tasks.path)
        return try await req.page("monitoring/task-form", titleKey: id == nil ? "task.new" : "task.edit", content, status: status)
    }

    func save(_ req: Request) async throws -> Response {
        let id = try? req.requireID()
        let form = try req.content.decode(TaskForm.self)
        return try await req.submit {
            let input = try await form.input(on: req.db)
            let task =
                if let id {
                    try await service(req).update(id, expectedVersion: form.version ?? 0, input)
                } else {
                    try await service(req).create(input)
                }
            return req.redirect(to: Paths.task.path(task.id!) + "?done=\(id == nil ? "created" : "saved")", redirectType: .normal)
        } invalid: { failure in
            return try await formPage(req, form, id: id, errors: failure, status: .unprocessableEntity)
        } stale: {
            guard let id, let fresh = try await MaintenanceTask.find(id, on: req.db) else { throw AppError.notFound }
            let tag = try await Asset.tag(of: fresh.assetID, on: req.db)
            return try await formPage(req, TaskForm(fresh, assetTag: tag), id: id, stale: true, status: .conflict)
        }
    }

    func remove(_ req: Request) async throws -> Response {
        struct Form: Content { var version: Int? }
        let form = try req.content.decode(Form.self)
        return try await req.submit {
            try await service(req).delete(try req.requireID(), expectedVersion: form.version)
            return req.redirect(to: Paths.tasks.path + "?done=removed", redirectType: .normal)
        } invalid: { failure in
            throw AppError.invalid(failure)
        }
    }
}
