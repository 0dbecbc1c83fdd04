import Domain
import Fluent
import Foundation
import Vapor

/// The evaluation pages: the list, and one evaluation with its criteria, candidates, score matrix, the computed
/// ranking as bars, the decision and what was bought after it.
struct EvaluationPages: Sendable {

    private func service(_ req: Request) -> EvaluationService { EvaluationService(app: req.application, actor: req.auditActor) }

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
        let zone = try await req.services.organisation.current(on: req.db).timeZone
        var rows: [ListContent.Row] = []
        for evaluation in try await Evaluation.query(on: req.db).sort(\.$createdAt, .descending).all() {
            let detail = try await EvaluationService.detail(evaluation.id!, on: req.db)
            let names = Dictionary(uniqueKeysWithValues: detail.candidates.map { ($0.id!, $0.name) })
            rows.append(
                .init(
                    href: Paths.evaluation.path(evaluation.id!), title: evaluation.title, candidates: detail.candidates.count,
                    leader: detail.ranking.entries.first.flatMap { names[$0.candidateID] } ?? "–",
                    chosen: evaluation.chosenCandidateID.flatMap { names[$0] } ?? "–",
                    decidedAt: evaluation.decidedAt.map { req.services.localizer.dateTime($0, req.language, timeZone: zone) } ?? ""))
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

    // MARK: One evaluation

    struct DetailContent: Encodable {
        struct CriterionRow: Encodable {
            let name: String
            let kind: String
            let weight: Int
            let removeAction: String
        }

        struct Cell: Encodable {
            let field: String
            let value: String
            let computed: Bool
        }

        struct CandidateRow: Encodable {
            let id: String
            let rank: Int
            let name: String
            let href: String?
            let price: String
            let total: String
            /// The bar's width out of 200 (a perfect 10 fills it) and its row in the chart.
            let bar: Int
            let y: Int
            let cells: [Cell]
            let missing: Int
            let chosen: Bool
            let notes: String
            let removeAction: String
        }

        struct Bought: Encodable {
            let href: String
            let tag: String
        }

        let id: String
        let title: String
        let need: String
        let version: Int
        let criteria: [CriterionRow]
        let candidates: [CandidateRow]
        let chartLabel: String
        let chartHeight: Int
        let priceProblem: String?
        let decided: Bool
        let chosen: String
        let rationale: String
        let decidedBy: String
        let decidedAt: String
        let bought: [Bought]
        let canManage: Bool
        let kinds: [Choice]
        let models: [Choice]
        let products: [Choice]
        let currencies: [Choice]
        let candidateChoices: [Choice]
        let errors: [String: String]
        let stale: Bool
    }

    func detail(_ req: Request) async throws -> Response { try await detailPage(req, id: try req.requireID()) }

    private func detailPage(
        _ req: Request, id: UUID, errors: ValidationFailure? = nil, stale: Bool = false, status: HTTPStatus = .ok
    ) async throws -> Response {
        let detail = try await EvaluationService.detail(id, on: req.db)
        let evaluation = detail.evaluation
        let localizer = req.services.localizer
        let zone = try await req.services.organisation.current(on: req.db).timeZone
        let byID = Dictionary(uniqueKeysWithValues: detail.candidates.map { ($0.id!, $0) })
        let candidates: [DetailContent.CandidateRow] = detail.ranking.entries.enumerated().compactMap { position, entry in
            guard let candidate = byID[entry.candidateID] else { return nil }
            let href =
                candidate.assetModelID.map { Paths.hardware.path + "?model=\($0)" }
                ?? candidate.softwareProductID.map { Paths.softwareProduct.path($0) }
            return .init(
                id: candidate.id!.uuidString, rank: entry.rank, name: candidate.name, href: href,
                price: candidate.price?.formatted(req.language) ?? "–", total: localizer.hundredths(entry.total, req.language),
                bar: entry.total / 5, y: position * 22,
                cells: detail.criteria.map { criterion in
                    .init(
                        field: "s_\(candidate.id!)_\(criterion.id!)", value: entry.scores[criterion.id!].map(String.init) ?? "",
                        computed: criterion.kind == .price)
                }, missing: entry.missing.count, chosen: evaluation.chosenCandidateID == candidate.id, notes: candidate.notes,
                removeAction: Paths.evaluationCandidateRemove.path(candidate.id!))
        }
        let models = try await AssetModel.query(on: req.db).sort(\.$name).all()
        let makers = Dictionary(uniqueKeysWithValues: try await Manufacturer.query(on: req.db).all().map { ($0.id!, $0.name) })
        let products = try await SoftwareProduct.query(on: req.db).sort(\.$nameKey).all()
        let currency = try await OrganisationSettings.current(on: req.db).defaultCurrency
        let bought = try await EvaluationService.bought(detail, on: req.db)
        let content = DetailContent(
            id: id.uuidString, title: evaluation.title, need: evaluation.need, version: evaluation.version,
            criteria: detail.criteria.map {
                .init(
                    name: $0.name, kind: req.t($0.kind.labelKey), weight: $0.weight,
                    removeAction: Paths.evaluationCriterionRemove.path($0.id!))
            },
            candidates: candidates,
            chartLabel: req.t("evaluation.chart", ["leader": candidates.first?.name ?? "", "score": candidates.first?.total ?? ""]),
            chartHeight: candidates.count * 22,
            priceProblem: detail.ranking.priceProblem.map { req.t("evaluation.price_problem.\($0.rawValue)") },
            decided: evaluation.isDecided, chosen: evaluation.chosenCandidateID.flatMap { byID[$0]?.name } ?? "",
            rationale: evaluation.rationale, decidedBy: evaluation.decidedBy ?? "",
            decidedAt: evaluation.decidedAt.map { localizer.dateTime($0, req.language, timeZone: zone) } ?? "",
            bought: bought.map { .init(href: Paths.hardwareAsset.path($0.id!), tag: $0.tag) }, canManage: req.may(.manageInventory),
            kinds: Choice.list(req, CriterionKind.allCases, key: \.labelKey, selected: CriterionKind.scored.rawValue),
            models: models.map { .init(value: $0.id!.uuidString, label: "\(makers[$0.manufacturerID] ?? "") \($0.name)", selected: false) },
            products: products.map { .init(value: $0.id!.uuidString, label: $0.label, selected: false) },
            currencies: Choice.currencies(selected: currency),
            candidateChoices: candidates.map { .init(value: $0.id, label: $0.name, selected: $0.rank == 1) },
            errors: req.fieldMessages(errors), stale: stale)
        return try await req.page("inventory/evaluation", titleKey: "evaluation.title", record: evaluation.title, content, status: status)
    }

    /// Runs a change from the evaluation page and comes back to it; refusals show there, in the reader's language.
    private func onPage(
        _ req: Request, evaluation id: UUID, _ change: () async throws -> Evaluation
    ) async throws -> Response {
        return try await req.submit {
            _ = try await change()
            return req.redirect(to: Paths.evaluation.path(id) + "?done=saved", redirectType: .normal)
        } invalid: { failure in
            return try await detailPage(req, id: id, errors: failure, status: .unprocessableEntity)
        } stale: {
            return try await detailPage(req, id: id, stale: true, status: .conflict)
        }
    }

    func addCriterion(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let form = try req.content.decode(FormBody.self).form
        let weight = Int(form["weight"].trimmingCharacters(in: .whitespaces))
        if weight == nil, !form["weight"].isEmpty {
            return try await detailPage(
                req, id: id, errors: ValidationFailure([FieldError(field: "weight", code: .invalid)]), status: .unprocessableEntity)
        }
        return try await onPage(req, evaluation: id) {
            try await service(req).addCriterion(
                id, expectedVersion: form.version ?? 0, name: form["name"], kind: form["kind"], weight: weight)
        }
    }

    func addCandidate(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let form = try req.content.decode(FormBody.self).form
        var errors: [FieldError] = []
        let currency = try await OrganisationSettings.current(on: req.db).defaultCurrency
        let price = MoneyField.read(form["price"], currency: form["currency"], defaultCurrency: currency, field: "price", into: &errors)
        if !errors.isEmpty { return try await detailPage(req, id: id, errors: ValidationFailure(errors), status: .unprocessableEntity) }
        let input = EvaluationService.CandidateInput(
            name: form["name"], assetModelID: UUID(uuidString: form["assetModelId"]),
            softwareProductID: UUID(uuidString: form["softwareProductId"]),
            price: price, notes: form["notes"])
        return try await onPage(req, evaluation: id) { try await service(req).addCandidate(id, expectedVersion: form.version ?? 0, input) }
    }

    /// The score matrix arrives as one field per cell, `s_<candidate>_<criterion>`; an empty cell removes a score.
    func setScores(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let form = try req.content.decode(FormBody.self).form
        let detail = try await EvaluationService.detail(id, on: req.db)
        var matrix: [UUID: [UUID: Int?]] = [:]
        for candidate in detail.candidates {
            for criterion in detail.criteria where criterion.kind == .scored {
                let text = form["s_\(candidate.id!)_\(criterion.id!)"].trimmingCharacters(in: .whitespaces)
                guard let score = text.isEmpty ? Int?.none : Int(text) else {
                    return try await detailPage(
                        req, id: id, errors: ValidationFailure([FieldError(field: "scores", code: .invalid)]), status: .unprocessableEntity)
                }
                matrix[candidate.id!, default: [:]][criterion.id!] = .some(score)
            }
        }
        return try await onPage(req, evaluation: id) { try await service(req).setScores(id, expectedVersion: form.version ?? 0, matrix) }
    }

    func decide(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let form = try req.content.decode(FormBody.self).form
        return try await onPage(req, evaluation: id) {
            try await service(req).decide(
                id, expectedVersion: form.version ?? 0, candidate: UUID(uuidString: form["candidateId"]), rationale: form["rationale"])
        }
    }

    func removeCriterion(_ req: Request) async throws -> Response {
        let criterionID = try req.requireID()
        guard let criterion = try await EvaluationCriterion.find(criterionID, on: req.db) else { throw AppError.notFound }
        let form = try req.content.decode(FormBody.self).form
        return try await onPage(req, evaluation: criterion.evaluationID) {
            try await service(req).removeCriterion(criterionID, expectedVersion: form.version ?? 0)
        }
    }

    func removeCandidate(_ req: Request) async throws -> Response {
        let candidateID = try req.requireID()
        guard let candidate = try await EvaluationCandidate.find(candidateID, on: req.db) else { throw AppError.notFound }
        let form = try req.content.decode(FormBody.self).form
        return try await onPage(req, evaluation: candidate.evaluationID) {
            try await service(req).removeCandidate(candidateID, expectedVersion: form.version ?? 0)
        }
    }
}
