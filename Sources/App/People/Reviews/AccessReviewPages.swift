import Domain
import Fluent
import Foundation
import Vapor

/// Access reviews in the browser: the list, starting one, a review's progress and evidence, the removals to do by
/// hand, and each manager's own decisions under *My reviews*.
struct AccessReviewPages: Sendable {
    func service(_ req: Request) -> AccessReviewService { AccessReviewService(app: req.application, actor: req.auditActor) }

    /// A review's progress as one bar of three parts (kept, taken away, undecided), said in words too.
    struct ProgressBar: Encodable {
        struct Part: Encodable {
            let x: Int
            let width: Int
            let tone: String
            let title: String
        }

        let parts: [Part]
        let summary: String

        init(_ progress: AccessReviews.Progress, _ req: Request) {
            let width = 300
            var x = 0
            var parts: [Part] = []
            for (count, tone, key) in [
                (progress.confirmed, "bar-fill", AccessDecision.confirmed.labelKey),
                (progress.revoked, "bar-shortfall", AccessDecision.revoked.labelKey),
                (progress.pending, "bar-track", AccessDecision.pending.labelKey),
            ] where count > 0 {
                let share = progress.total == 0 ? 0 : count * width / progress.total
                parts.append(Part(x: x, width: max(share, 2), tone: tone, title: "\(req.t(key)): \(count)"))
                x += share
            }
            self.parts = parts
            summary = req.t(
                "review.progress",
                [
                    "decided": String(progress.decided), "total": String(progress.total), "percent": String(progress.percent),
                    "confirmed": String(progress.confirmed), "revoked": String(progress.revoked),
                ])
        }
    }

    // MARK: The list

    struct ListContent: Encodable {
        struct Row: Encodable {
            let href: String
            let title: String
            let started: String
            let deadline: String
            let state: String
            let stateRaw: String
            let bar: ProgressBar
        }

        let rows: [Row]
        let canStart: Bool
    }

    func list(_ req: Request) async throws -> Response {
        let reviews = try await AccessReview.query(on: req.db).sort(\.$startedAt, .descending).all()
        let today = try await req.application.organisationToday()
        var rows: [ListContent.Row] = []
        for review in reviews {
            let progress = try await Self.progress(review.id!, on: req.db)
            let state = Self.state(review, progress: progress, today: today)
            rows.append(
                .init(
                    href: Paths.accessReview.path(review.id!), title: review.title, started: req.dateTime(review.startedAt),
                    deadline: req.date(review.deadlineText), state: req.t("review.state.\(state)"),
                    stateRaw: state, bar: ProgressBar(progress, req)))
        }
        return try await req.page(
            "people/access-reviews", titleKey: "review.title", ListContent(rows: rows, canStart: req.may(.manageApplications)))
    }

    static func progress(_ reviewID: UUID, reviewer: UUID? = nil, on db: any Database) async throws -> AccessReviews.Progress {
        var query = AccessReviewItem.query(on: db).filter(\.$reviewID == reviewID)
        if let reviewer { query = query.filter(\.$reviewerID == reviewer) }
        var progress = AccessReviews.Progress()
        for decision in AccessDecision.allCases {
            let count = try await query.copy().filter(\.$decisionRaw == decision.rawValue).count()
            switch decision {
            case .pending: progress.pending = count
            case .confirmed: progress.confirmed = count
            case .revoked: progress.revoked = count
            }
        }
        return progress
    }

    /// open, overdue (open past the deadline with items undecided) or closed.
    static func state(_ review: AccessReview, progress: AccessReviews.Progress, today: CalendarDate) -> String {
        guard review.isOpen else { return "closed" }
        guard let deadline = review.deadline, progress.pending > 0,
            AccessReviews.isOverdue(deadline: deadline, today: today, decision: .pending)
        else { return "open" }
        return "overdue"
    }

    // MARK: Starting one

    struct FormContent: Encodable {
        let title: String
        let deadline: String
        let applications: [Choice]
        let errors: [String: String]
    }

    func new(_ req: Request) async throws -> Response { try await form(req) }

    func form(_ req: Request, fields: FormFields? = nil, errors: ValidationFailure? = nil, status: HTTPStatus = .ok) async throws
        -> Response
    {
        let today = try await req.application.organisationToday()
        let apps = try await CompanyApp.query(on: req.db).sort(\.$nameKey).all()
        let content = FormContent(
            title: fields?["title"] ?? req.t("review.default_title", ["date": req.date(today.description)]),
            deadline: fields?["deadline"] ?? today.adding(days: 14).description,
            applications: apps.map { app in
                let id = app.id!.uuidString
                return Choice(value: id, label: app.name, selected: fields.map { !$0["app.\(id)"].isEmpty } ?? false)
            }, errors: req.fieldMessages(errors))
        return try await req.page("people/access-review-form", titleKey: "review.new", content, status: status)
    }

    func create(_ req: Request) async throws -> Response {
        let fields = try req.content.decode(FormBody.self).form
        let apps = try await CompanyApp.query(on: req.db).all().compactMap(\.id).filter { !fields["app.\($0.uuidString)"].isEmpty }
        return try await req.submit {
            let review = try await service(req).start(title: fields["title"], deadline: fields["deadline"], appIDs: apps)
            return req.redirect(to: Paths.accessReview.path(review.id!) + "?done=created", redirectType: .normal)
        } invalid: { failure in
            return try await form(req, fields: fields, errors: failure, status: .unprocessableEntity)
        }
    }

    // MARK: One review

    struct ItemRow: Encodable {
        let id: String
        let application: String
        let applicationHref: String?
        let employee: String
        let employeeHref: String?
        let reviewer: String
        let decision: String
        let decisionRaw: String
        let decided: String
        let note: String
        let overdue: Bool
    }

    struct ReviewerRow: Encodable {
        let name: String
        let decided: Int
        let total: Int
        let pending: Int
    }

    struct Removal: Encodable {
        let application: String
        let employee: String
        let instructions: String
        let action: String?
        let done: String
    }

    struct DetailContent: Encodable {
        let title: String
        let deadline: String
        let state: String
        let stateRaw: String
        let started: String
        let closed: String
        let bar: ProgressBar
        let reviewers: [ReviewerRow]
        let items: [ItemRow]
        let pager: PagerContent
        let filters: [Choice]
        let decisionsAction: String?
        let removals: [Removal]
        let evidenceHref: String
        let closeAction: String?
    }

    func detail(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        guard let review = try await AccessReview.find(id, on: req.db) else { throw AppError.notFound }
        struct Filters: Decodable {
            var limit: Int?
            var offset: Int?
            var decision: String?
        }
        let filters = try req.filters(Filters.self)
        let decision = filters.decision.flatMap(AccessDecision.init(rawValue:))
        if filters.decision?.isEmpty == false, decision == nil {
            throw ValidationFailure([FieldError(field: "decision", code: .invalid)])
        }
        let query = try ListQuery.parse(
            limit: filters.limit, offset: filters.offset, sort: nil, allowedSorts: [], defaultSort: "person", defaultLimit: req.pageSize
        ).get()
        let today = try await req.application.organisationToday()
        let progress = try await Self.progress(id, on: req.db)
        var itemsQuery = AccessReviewItem.query(on: req.db).filter(\.$reviewID == id)
        if let decision { itemsQuery = itemsQuery.filter(\.$decisionRaw == decision.rawValue) }
        let total = try await itemsQuery.count()
        let items = try await itemsQuery.join(Employee.self, on: \AccessReviewItem.$employeeID == \Employee.$id)
            .sort(Employee.self, \.$sortName).sort(\.$id).range(query.offset..<(query.offset + query.limit)).all()
        let rows = try await Self.rows(items, review: review, today: today, req)
        let reviewers = try await Self.reviewers(id, on: req.db)
        let base = Paths.accessReview.path(id)
        let filterQuery = decision.map { "decision=\($0.rawValue)" }
        let link = { (offset: Int) -> String in
            let parts = [filterQuery, offset > 0 ? "offset=\(offset)" : nil, query.limitIsDefault ? nil : "limit=\(query.limit)"].compactMap
            { $0 }
            return parts.isEmpty ? base : base + "?" + parts.joined(separator: "&")
        }
        let pager = PagerContent(req, query: query, shown: rows.count, total: total, link: link)
        let manage = req.may(.manageApplications)
        return try await req.page(
            "people/access-review", titleKey: "review.title", record: review.title,
            DetailContent(
                title: review.title, deadline: req.date(review.deadlineText),
                state: req.t("review.state.\(Self.state(review, progress: progress, today: today))"),
                stateRaw: Self.state(review, progress: progress, today: today),
                started: req.t(
                    "review.started_by", ["date": req.dateTime(review.startedAt), "name": review.startedBy]),
                closed: review.closedAt.map { req.t("review.closed_by", ["date": req.dateTime($0), "name": review.closedBy ?? ""]) } ?? "",
                bar: ProgressBar(progress, req), reviewers: reviewers, items: rows, pager: pager,
                filters: [Choice(value: "", label: req.t("review.filter.all"), selected: decision == nil)]
                    + AccessDecision.allCases.map {
                        Choice(value: $0.rawValue, label: req.t($0.labelKey), selected: $0 == decision)
                    },
                decisionsAction: manage && review.isOpen ? Paths.accessReviewDecisions.path(id) : nil,
                removals: try await Self.removals(id, manage: manage, req), evidenceHref: Paths.accessReviewEvidence.path(id),
                closeAction: manage && review.isOpen ? Paths.accessReviewClose.path(id) : nil))
    }

    static func rows(_ items: [AccessReviewItem], review: AccessReview, today: CalendarDate, _ req: Request) async throws -> [ItemRow] {
        let apps = try await CompanyApp.auditLabels(Array(Set(items.map(\.appID))), on: req.db)
        let people = try await Employee.auditLabels(Array(Set(items.map(\.employeeID) + items.compactMap(\.reviewerID))), on: req.db)
        return items.map { item in
            ItemRow(
                id: item.id!.uuidString, application: apps[item.appID] ?? "", applicationHref: req.link(Paths.application.path(item.appID)),
                employee: people[item.employeeID] ?? "", employeeHref: req.link(Paths.employeeAccess.path(item.employeeID)),
                reviewer: item.reviewerID.flatMap { people[$0] } ?? req.t("review.reviewer_it"), decision: req.t(item.decision.labelKey),
                decisionRaw: item.decisionRaw,
                decided: item.decidedAt.map { req.t("review.decided_by", ["date": req.dateTime($0), "name": item.decidedBy ?? ""]) } ?? "",
                note: item.note,
                overdue: review.isOpen
                    && review.deadline.map { AccessReviews.isOverdue(deadline: $0, today: today, decision: item.decision) }
                        ?? false
            )
        }
    }

    static func reviewers(_ reviewID: UUID, on db: any Database) async throws -> [ReviewerRow] {
        var counts: [UUID?: (decided: Int, total: Int)] = [:]
        for row in try await db.sql.raw(
            """
            SELECT reviewer_id, decision, COUNT(*) AS n FROM access_review_items WHERE review_id = \(bind: reviewID)
            GROUP BY reviewer_id, decision
            """
        ).all() {
            let reviewer = try row.decodeNil(column: "reviewer_id") ? nil : try row.decode(column: "reviewer_id", as: UUID.self)
            let n = try row.decode(column: "n", as: Int.self)
            let decided = try row.decode(column: "decision", as: String.self) != AccessDecision.pending.rawValue
            counts[reviewer, default: (0, 0)].total += n
            if decided { counts[reviewer, default: (0, 0)].decided += n }
        }
        let names = try await Employee.auditLabels(counts.keys.compactMap { $0 }, on: db)
        return counts.map { reviewer, count in
            ReviewerRow(
                name: reviewer.flatMap { names[$0] } ?? "", decided: count.decided, total: count.total, pending: count.total - count.decided
            )
        }.sorted { ($0.pending, $0.name) > ($1.pending, $1.name) }
    }

    /// Access given by hand that was taken away in the review: someone must remove it where it lives.
    static func removals(_ reviewID: UUID, manage: Bool, _ req: Request) async throws -> [Removal] {
        let manual = try await CompanyApp.query(on: req.db).filter(\.$methodRaw == AccessMethod.manual.rawValue).all()
        guard !manual.isEmpty else { return [] }
        let apps = Dictionary(uniqueKeysWithValues: manual.map { ($0.id!, $0) })
        let items = try await AccessReviewItem.query(on: req.db).filter(\.$reviewID == reviewID)
            .filter(\.$decisionRaw == AccessDecision.revoked.rawValue).filter(\.$appID ~~ Array(apps.keys)).sort(\.$decidedAt).all()
        let people = try await Employee.auditLabels(items.map(\.employeeID), on: req.db)
        return items.map { item in
            Removal(
                application: apps[item.appID]?.name ?? "", employee: people[item.employeeID] ?? "",
                instructions: apps[item.appID]?.instructions ?? "",
                action: manage && item.removedAt == nil ? Paths.accessReviewItemRemoved.path(item.id!) : nil,
                done: item.removedAt.map { req.t("review.removed_by", ["date": req.dateTime($0), "name": item.removedBy ?? ""]) } ?? "")
        }
    }

    // MARK: Deciding

    /// `decision.<item>` = confirmed | revoked, `note.<item>`; back to where the form was.
    func decide(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let fields = try req.content.decode(FormBody.self).form
        var decisions: [AccessReviewService.Decision] = []
        for (key, value) in fields.fields(prefixed: "decision.") {
            guard let item = UUID(uuidString: key), let decision = AccessDecision(rawValue: value) else { continue }
            decisions.append(.init(itemID: item, decision: decision, note: fields["note.\(item.uuidString)"]))
        }
        let me = try await req.signedInEmployee()
        let count = try await service(req).decide(id, decisions, reviewer: me?.id, mayDecideAll: req.may(.manageApplications))
        let back = fields["back"] == "mine" ? Paths.myReviews.path : Paths.accessReview.path(id)
        return req.redirect(to: back + "?done=decided&count=\(count)", redirectType: .normal)
    }

    func removed(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        guard let item = try await AccessReviewItem.find(id, on: req.db) else { throw AppError.notFound }
        do {
            try await service(req).markRemoved(id)
        } catch let error as AppError where error.code == AppError.conflict.code {}  // done already
        return req.redirect(to: Paths.accessReview.path(item.reviewID) + "?done=saved#removals", redirectType: .normal)
    }

    func close(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        do {
            _ = try await service(req).close(id)
        } catch let error as AppError where error.code == AppError.conflict.code {}  // closed already
        return req.redirect(to: Paths.accessReview.path(id) + "?done=saved", redirectType: .normal)
    }

    func evidence(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        guard let review = try await AccessReview.find(id, on: req.db) else { throw AppError.notFound }
        let response = Response(status: .ok, body: .init(string: try await AccessReviewService.evidence(id, on: req.db)))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(
            name: .contentDisposition, value: "attachment; filename=\"access-review-\(review.deadlineText).csv\"")
        return response
    }

    // MARK: My reviews

    struct MineContent: Encodable {
        struct Review: Encodable {
            let id: String
            let title: String
            let deadline: String
            let overdue: Bool
            let action: String
            let pending: [ItemRow]
            let decided: [ItemRow]
        }

        let linked: Bool
        let reviews: [Review]
    }

    /// The items the signed-in person decides, in every open review: undecided first, as one form per review.
    func mine(_ req: Request) async throws -> Response {
        guard let me = try await req.signedInEmployee() else {
            return try await req.page("people/my-reviews", titleKey: "review.mine", MineContent(linked: false, reviews: []))
        }
        let today = try await req.application.organisationToday()
        let open = try await AccessReview.query(on: req.db).filter(\.$closedAt == nil).sort(\.$startedAt).all()
        var reviews: [MineContent.Review] = []
        for review in open {
            let items = try await AccessReviewItem.query(on: req.db).filter(\.$reviewID == review.id!).filter(\.$reviewerID == me.id!)
                .join(Employee.self, on: \AccessReviewItem.$employeeID == \Employee.$id).sort(Employee.self, \.$sortName).all()
            guard !items.isEmpty else { continue }
            let rows = try await Self.rows(items, review: review, today: today, req)
            reviews.append(
                .init(
                    id: review.id!.uuidString, title: review.title, deadline: req.date(review.deadlineText),
                    overdue: rows.contains(where: \.overdue), action: Paths.accessReviewDecisions.path(review.id!),
                    pending: rows.filter { $0.decisionRaw == AccessDecision.pending.rawValue },
                    decided: rows.filter { $0.decisionRaw != AccessDecision.pending.rawValue }))
        }
        return try await req.page("people/my-reviews", titleKey: "review.mine", MineContent(linked: true, reviews: reviews))
    }
}
