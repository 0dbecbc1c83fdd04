import Domain
import Fluent
import Foundation
import Vapor

/// One evaluation: its criteria, candidates and score matrix, the ranking as bars, the decision and what was bought after it.
extension EvaluationPages {
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

    func detailPage(
        _ req: Request, id: UUID, errors: ValidationFailure? = nil, stale: Bool = false, status: HTTPStatus = .ok
    ) async throws -> Response {
        let detail = try await EvaluationService.detail(id, on: req.db)
        let evaluation = detail.evaluation
        let localizer = req.services.localizer
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
            decidedAt: evaluation.decidedAt.map { req.dateTime($0) } ?? "",
            bought: bought.map { .init(href: Paths.hardwareAsset.path($0.id!), tag: $0.tag) }, canManage: req.may(.manageInventory),
            kinds: Choice.list(req, CriterionKind.allCases, key: \.labelKey, selected: CriterionKind.scored.rawValue),
            models: models.map { .init(value: $0.id!.uuidString, label: "\(makers[$0.manufacturerID] ?? "") \($0.name)", selected: false) },
            products: products.map { .init(value: $0.id!.uuidString, label: $0.label, selected: false) },
            currencies: Choice.currencies(selected: currency),
            candidateChoices: candidates.map { .init(value: $0.id, label: $0.name, selected: $0.rank == 1) },
            errors: req.fieldMessages(errors), stale: stale)
        return try await req.page("inventory/evaluation", titleKey: "evaluation.title", record: evaluation.title, content, status: status)
    }
}
