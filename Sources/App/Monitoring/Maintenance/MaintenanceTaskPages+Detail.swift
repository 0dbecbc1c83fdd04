import Domain
import Fluent
import Foundation
import Vapor

/// A task's page: its facts, instructions and checklist, the form to record it done, and its history.
extension MaintenanceTaskPages {
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
        let subject = try await MaintenanceTaskNames.subjects(of: [task], on: req.db)[task.assetID ?? task.siteID ?? UUID()]
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
}
