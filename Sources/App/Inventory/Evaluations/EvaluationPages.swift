import Domain
import Fluent
import Foundation
import Vapor

/// The evaluation pages: the list, and one evaluation with its criteria, candidates, score matrix, the computed
/// ranking as bars, the decision and what was bought after it.
struct EvaluationPages: Sendable {

    func service(_ req: Request) -> EvaluationService { EvaluationService(app: req.application, actor: req.auditActor) }

    // MARK: List

    struct ListContent: Encodable {
        struct Row: Encodable {
            let href: String
            let title: String
            let candidates: Int
            let leader: String
            let chosen: String
            let decidedAt: String
        }

        let rows: [Row]
        let canManage: Bool
        let form: EvaluationForm
        let errors: [String: String]
    }

    struct EvaluationForm: Content {
        var title = ""
        var need = ""
        var version: Int?

        init() {}

        init(from decoder: any Decoder) throws {
            let form = try FormFields(decoder)
            (title, need, version) = (form["title"], form["need"], form.version)
        }
    }

    func list(_ req: Request) async throws -> Response { try await listPage(req, EvaluationForm()) }

    private func listPage(_ req: Request, _ form: EvaluationForm, errors: ValidationFailure? = nil, status: HTTPStatus = .ok) async throws
        -> Response
    {
        var rows: [ListContent.Row] = []
        for evaluation in try await Evaluation.query(on: req.db).sort(\.$createdAt, .descending).all() {
            let detail = try await EvaluationService.detail(evaluation.id!, on: req.db)
            let names = Dictionary(uniqueKeysWithValues: detail.candidates.map { ($0.id!, $0.name) })
            rows.append(
                .init(
                    href: Paths.evaluation.path(evaluation.id!), title: evaluation.title, candidates: detail.candidates.count,
                    leader: detail.ranking.entries.first.flatMap { names[$0.candidateID] } ?? "–",
                    chosen: evaluation.chosenCandidateID.flatMap { names[$0] } ?? "–",
                    decidedAt: evaluation.decidedAt.map { req.dateTime($0) } ?? ""))
        }
        return try await req.page(
            "inventory/evaluations", titleKey: "evaluation.title",
            ListContent(rows: rows, canManage: req.may(.manageInventory), form: form, errors: req.fieldMessages(errors)), status: status)
    }

    func save(_ req: Request) async throws -> Response {
        let id = try? req.requireID()
        let form = try req.content.decode(EvaluationForm.self)
        let input = EvaluationService.Input(title: form.title, need: form.need)
        return try await req.submit {
            let evaluation =
                if let id {
                    try await service(req).update(id, expectedVersion: form.version ?? 0, input)
                } else {
                    try await service(req).create(input)
                }
            return req.redirect(
                to: Paths.evaluation.path(evaluation.id!) + "?done=\(id == nil ? "created" : "saved")", redirectType: .normal)
        } invalid: { failure in
            guard let id else { return try await listPage(req, form, errors: failure, status: .unprocessableEntity) }
            return try await detailPage(req, id: id, errors: failure, status: .unprocessableEntity)
        } stale: {
            // Only an existing evaluation can be stale.
            try await detailPage(req, id: id!, stale: true, status: .conflict)
        }
    }
}
