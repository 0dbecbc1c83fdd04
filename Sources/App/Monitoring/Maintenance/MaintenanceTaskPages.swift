import Domain
import Fluent
import Foundation
import Vapor

/// The preventive maintenance pages: the task list by due state, a task with its checklist, the form to record it
/// done and its history, and the task form.
struct MaintenanceTaskPages: Sendable {
    typealias FormField = MonitorPages.FormField

    func service(_ req: Request) -> MaintenanceTaskService {
        MaintenanceTaskService(app: req.application, actor: req.auditActor)
    }

    struct StateBadge: Encodable {
        let state: String
        let label: String
    }

    static func badge(_ state: MaintenanceDueState, _ req: Request) -> StateBadge {
        StateBadge(state: state.rawValue, label: req.t(state.labelKey))
    }

    static func cadence(_ task: MaintenanceTask, _ req: Request) -> String {
        req.services.localizer.catalogue(req.language).plural("task.every.\(task.cadence.unit.rawValue)", count: task.cadence.every)
    }

    /// Tasks' subjects: each asset as "tag name" and each site by name, with their pages.
    static func subjects(of tasks: [MaintenanceTask], on db: any Database) async throws -> [UUID: (String, String)] {
        var subjects: [UUID: (String, String)] = [:]
        let assetIDs = Set(tasks.compactMap(\.assetID))
        if !assetIDs.isEmpty {
            for asset in try await Asset.query(on: db).filter(\.$id ~~ assetIDs).all() {
                subjects[asset.id!] = (
                    [asset.tag, asset.name].filter { !$0.isEmpty }.joined(separator: " "), Paths.hardwareAsset.path(asset.id!)
                )
            }
        }
        let siteIDs = Set(tasks.compactMap(\.siteID))
        if !siteIDs.isEmpty {
            for site in try await Site.query(on: db).filter(\.$id ~~ siteIDs).all() {
                subjects[site.id!] = (site.name, Paths.site.path(site.id!))
            }
        }
        return subjects
    }

    // MARK: List

    struct ListContent: Encodable {
        struct Row: Encodable {
            let href: String
            let title: String
            let subject: String
            let subjectHref: String?
            let cadence: String
            let due: String
            let badge: StateBadge
            let assignee: String
            let active: Bool
        }

        struct Count: Encodable {
            let badge: StateBadge
            let count: String
            let href: String
        }

        let rows: [Row]
        let counts: [Count]
        let mine: Bool
        let canManage: Bool
        let feedHref: String
    }

    func list(_ req: Request) async throws -> Response {
        struct Filters: Content {
            var state: String?
            var mine: String?
        }
        let filters = try req.filters(Filters.self)
        let wanted = filters.state.flatMap(MaintenanceDueState.init(rawValue:))
        let mine = filters.mine == "1"
        let today = try await req.application.organisationToday()
        var query = MaintenanceTask.query(on: req.db)
        if mine { query = query.filter(\.$assigneeID == req.principal!.userID) }
        let tasks = try await query.sort(\.$active, .descending).sort(\.$nextDue).sort(\.$title).all()
        let subjects = try await Self.subjects(of: tasks, on: req.db)
        let names = try await Self.userNames(Set(tasks.compactMap(\.assigneeID)), on: req.db)
        let active = tasks.filter(\.active)
        let rows = tasks.filter { wanted == nil || ($0.active && $0.state(today: today) == wanted) }.map { task in
            let subject = (task.assetID ?? task.siteID).flatMap { subjects[$0] }
            return ListContent.Row(
                href: Paths.task.path(task.id!), title: task.title, subject: subject?.0 ?? "–", subjectHref: req.link(subject?.1),
                cadence: Self.cadence(task, req), due: req.services.localizer.date(task.dueDate, req.language),
                badge: Self.badge(task.state(today: today), req), assignee: task.assigneeID.flatMap { names[$0] } ?? "–",
                active: task.active)
        }
        let counts = MaintenanceDueState.allCases.reversed().map { state in
            ListContent.Count(
                badge: Self.badge(state, req),
                count: req.services.localizer.number(active.filter { $0.state(today: today) == state }.count, req.language),
                href: Paths.tasks.path + "?state=\(state.rawValue)" + (mine ? "&mine=1" : ""))
        }
        return try await req.page(
            "monitoring/tasks", titleKey: "task.title",
            ListContent(
                rows: rows, counts: counts, mine: mine, canManage: req.may(.manageMonitoring), feedHref: Paths.profile.path + "#calendar"))
    }

    static func userNames(_ ids: Set<UUID>, on db: any Database) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        return Dictionary(uniqueKeysWithValues: try await User.query(on: db).filter(\.$id ~~ ids).all().map { ($0.id!, $0.name) })
    }

    // MARK: On the asset's page

    struct AssetSection: Encodable {
        struct Task: Encodable {
            let href: String
            let title: String
            let cadence: String
            let due: String
            let badge: StateBadge
        }

        struct Done: Encodable {
            let href: String
            let title: String
            let done: String
            let result: String
            let passed: Bool
            let by: String
        }

        let tasks: [Task]
        let history: [Done]
        let newHref: String?
    }

    /// The asset's tasks and the last maintenance done on it.
    static func assetSection(_ asset: Asset, _ req: Request) async throws -> AssetSection {
        let today = try await req.application.organisationToday()
        let localizer = req.services.localizer
        let tasks = try await MaintenanceTask.query(on: req.db).filter(\.$assetID == asset.id!).filter(\.$active == true).sort(\.$nextDue)
            .all()
        let records = try await MaintenanceRecord.query(on: req.db).filter(\.$assetID == asset.id!).sort(\.$doneOn, .descending).limit(20)
            .all()
        return AssetSection(
            tasks: tasks.map {
                .init(
                    href: Paths.task.path($0.id!), title: $0.title, cadence: cadence($0, req),
                    due: localizer.date($0.dueDate, req.language),
                    badge: badge($0.state(today: today), req))
            },
            history: records.map {
                .init(
                    href: Paths.task.path($0.taskID), title: $0.title,
                    done: CalendarDate($0.doneOn).map { localizer.date($0, req.language) } ?? $0.doneOn, result: req.t($0.result.labelKey),
                    passed: $0.result == .pass, by: $0.performedByName)
            },
            newHref: req.may(.manageMonitoring)
                ? Paths.taskNew.path + "?assetTag=" + (asset.tag.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") : nil)
    }

    // MARK: Detail

    struct DetailContent: Encodable {
        struct Fact: Encodable {
            let label: String
            let value: String
            let href: String?
        }

        struct Step: Encodable {
            let number: Int
            let text: String
            let unit: String?
            let checked: Bool
            let value: String
            let error: String?
        }

        struct HistoryRow: Encodable {
            let done: String
            let due: String
            let late: Bool
            let result: String
            let passed: Bool
            let by: String
            let notes: String
            let steps: [String]
        }

        let id: String
        let title: String
        let badge: StateBadge
        let facts: [Fact]
        let instructions: [String]
        let steps: [Step]
        let history: [HistoryRow]
        let canManage: Bool
        let active: Bool
        let version: Int
        let today: String
        let doneOn: String
        let notes: String
        let results: [Choice]
        let errors: [String: String]
        let stale: Bool
    }

    struct CompleteForm: Content {
        var values: [String: String] = [:]
        var version: Int?

        init(from decoder: any Decoder) throws {
            let form = try FormFields(decoder)
            values = form.fields(prefixed: "")
            version = form.version
        }

        init() {}

        subscript(_ name: String) -> String { values[name] ?? "" }
    }

    func detail(_ req: Request) async throws -> Response {
        try await detailPage(req, form: nil)
    }

    func detailPage(
        _ req: Request, form: CompleteForm?, errors: ValidationFailure? = nil, stale: Bool = false, status: HTTPStatus = .ok
    ) async throws -> Response {
        guard let task = try await MaintenanceTask.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        let today = try await req.application.organisationToday()
        let localizer = req.services.localizer
        let date = { (text: String) in CalendarDate(text).map { localizer.date($0, req.language) } ?? text }
        let subject = try await Self.subjects(of: [task], on: req.db)[task.assetID ?? task.siteID ?? UUID()]
        let assignee = try await task.assigneeID.asyncMap { try await User.find($0, on: req.db)?.name } ?? nil
        let none = "–"
        let facts: [DetailContent.Fact] = [
            .init(label: req.t(task.assetID == nil ? "task.site" : "task.asset"), value: subject?.0 ?? none, href: req.link(subject?.1)),
            .init(label: req.t("task.cadence"), value: Self.cadence(task, req), href: nil),
            .init(label: req.t("task.next_due"), value: localizer.date(task.dueDate, req.language), href: nil),
            .init(label: req.t("task.first_due"), value: date(task.anchor), href: nil),
            .init(
                label: req.t("task.lead"), value: req.t("task.lead_days", ["days": localizer.number(task.leadDays, req.language)]),
                href: nil),
            .init(label: req.t("task.assignee"), value: assignee ?? none, href: nil),
        ]
        let records = try await MaintenanceRecord.query(on: req.db).filter(\.$taskID == task.id!).sort(\.$doneOn, .descending)
            .sort(\.$createdAt, .descending).limit(100).all()
        let messages = req.fieldMessages(errors)
        let form = form ?? CompleteForm()
        let content = DetailContent(
            id: task.id!.uuidString, title: task.title, badge: Self.badge(task.state(today: today), req), facts: facts,
            instructions: task.instructions.split(whereSeparator: \.isNewline).map(String.init),
            steps: task.steps.enumerated().map { index, step in
                let n = index + 1
                return .init(
                    number: n, text: step.text, unit: step.unit, checked: form["step.\(n).done"] == "on", value: form["step.\(n).value"],
                    error: messages["step.\(n)"])
            },
            history: records.map { record in
                let results = record.stepResults
                return .init(
                    done: date(record.doneOn), due: date(record.dueOn), late: record.doneOn > record.dueOn,
                    result: req.t(record.result.labelKey),
                    passed: record.result == .pass, by: record.performedByName, notes: record.notes,
                    steps: record.steps.enumerated().map { index, step in
                        let result = index < results.count ? results[index] : nil
                        let mark = result?.passed == true ? "✓" : "✗"
                        return [mark, step.text, result?.value.map { value in [value, step.unit ?? ""].joined(separator: " ") }]
                            .compactMap { $0 }.joined(separator: " ")
                    })
            },
            canManage: req.may(.manageMonitoring), active: task.active, version: task.version, today: today.description,
            doneOn: form["doneOn"].isEmpty ? today.description : form["doneOn"], notes: form["notes"],
            results: MaintenanceCompletion.Result.allCases.map {
                Choice(
                    value: $0.rawValue, label: req.t($0.labelKey),
                    selected: $0.rawValue == (form["result"].isEmpty ? "pass" : form["result"]))
            },
            errors: messages, stale: stale)
        return try await req.page("monitoring/task", titleKey: "task.title", record: task.title, content, status: status)
    }

    func complete(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let form = try req.content.decode(CompleteForm.self)
        guard let task = try await MaintenanceTask.find(id, on: req.db) else { throw AppError.notFound }
        let count = task.steps.count
        return try await req.submit {
            guard let result = MaintenanceCompletion.Result(rawValue: form["result"]) else {
                throw ValidationFailure([FieldError(field: "result", code: .invalid)])
            }
            let principal = req.principal!
            _ = try await service(req).complete(
                id, expectedVersion: form.version ?? 0, result: result, passed: (0..<count).map { form["step.\($0 + 1).done"] == "on" },
                values: (0..<count).map { form["step.\($0 + 1).value"] }, notes: form["notes"], doneOn: CalendarDate(form["doneOn"]),
                performer: (principal.userID, principal.name))
            return req.redirect(to: Paths.task.path(id) + "?done=saved", redirectType: .normal)
        } invalid: { failure in
            return try await detailPage(req, form: form, errors: failure, status: .unprocessableEntity)
        } stale: {
            // Someone recorded it meanwhile: show what they recorded, keep what this person typed.
            return try await detailPage(req, form: form, stale: true, status: .conflict)
        }
    }

    func remove(_ req: Request) async throws -> Response {
        struct Form: Content { var version: Int? }
        let form = try req.content.decode(Form.self)
        do {
            try await service(req).delete(try req.requireID(), expectedVersion: form.version)
        } catch let failure as ValidationFailure {
            throw AppError.invalid(failure)
        }
        return req.redirect(to: Paths.tasks.path + "?done=removed", redirectType: .normal)
    }

}
