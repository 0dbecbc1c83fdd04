import Domain

enum EvaluationAPIDocs {
    static let list = APIDoc(
        summary: "Every evaluation, newest first, with its ranking; `model` or `product` finds those that considered it.",
        query: [
            .init(name: "model", schema: .string(format: "uuid"), description: "Only evaluations with this hardware model as a candidate."),
            .init(
                name: "product", schema: .string(format: "uuid"), description: "Only evaluations with this software product as a candidate."
            ),
        ], response: .array(.ref("Evaluation")))
    static let create = APIDoc(
        summary: "Start an evaluation for a need.", requestBody: .ref("EvaluationBody"), response: .ref("Evaluation"), successStatus: 201)
    static let get = APIDoc(summary: "One evaluation with its computed ranking; the ETag is its version.", response: .ref("Evaluation"))
    static let update = APIDoc(
        summary: "Change the title or the need (If-Match).", requestBody: .ref("EvaluationBody"), response: .ref("Evaluation"),
        conditional: true)
    static let addCriterion = APIDoc(
        summary: "Add a weighted criterion (If-Match: the evaluation's version); a `price` criterion is scored from the prices.",
        requestBody: .ref("CriterionBody"), response: .ref("Evaluation"), successStatus: 201, conditional: true)
    static let removeCriterion = APIDoc(
        summary: "Remove a criterion and its scores (If-Match: the evaluation's version).", response: .ref("Evaluation"), conditional: true)
    static let addCandidate = APIDoc(
        summary: "Add a candidate: a hardware model, a software product or a named option, with its price (If-Match).",
        requestBody: .ref("CandidateBody"), response: .ref("Evaluation"), successStatus: 201, conditional: true)
    static let removeCandidate = APIDoc(
        summary: "Remove a candidate and its scores (If-Match: the evaluation's version).", response: .ref("Evaluation"), conditional: true)
    static let setScores = APIDoc(
        summary: "Set scores from 0 to 10 per candidate and criterion (null removes one), all in one change (If-Match).",
        requestBody: .ref("ScoresBody"), response: .ref("Evaluation"), conditional: true)
    static let decide = APIDoc(
        summary: "Record the chosen candidate and the rationale (If-Match); the evaluation is then kept as decided.",
        requestBody: .ref("EvaluationDecisionBody"), response: .ref("Evaluation"), conditional: true)

    static let schemas: [String: JSONSchema] = [
        "Evaluation": EvaluationDTO.schema, "EvaluationBody": EvaluationBody.schema, "CriterionBody": CriterionBody.schema,
        "CandidateBody": CandidateBody.schema, "ScoresBody": ScoresBody.schema, "EvaluationDecisionBody": EvaluationDecisionBody.schema,
    ]
}
