import Domain
import Foundation
import Vapor

extension UsageFindingPages {
    struct RulesContent: Encodable {
        struct Row: Encodable {
            let id: UUID
            let name: String
            let kind: String
            let category: String
            let threshold: String
        }

        let rows: [Row]
        let kinds: [KeyedChoice]
        let categories: [Choice]
        let form: UsageRuleBody
        let errors: [String: String]
    }

    func rules(_ req: Request) async throws -> Response {
        try await rulesPage(req, form: UsageRuleBody(name: "", kind: UsageRule.Kind.categoryBlocked.rawValue))
    }

    /// A starter category in the reader's language; an imported list's own names as they are.
    static func categoryLabel(_ name: String, _ req: Request) -> String {
        UsageCategories.labelKey(name).map { req.t($0) } ?? name
    }

    func addRule(_ req: Request) async throws -> Response {
        var form = try req.content.decode(UsageRuleBody.self)
        if form.category?.isEmpty == true { form.category = nil }
        return try await req.submit {
            guard let rule = form.rule else { throw ValidationFailure([FieldError(field: "kind", code: .invalid)]) }
            _ = try await UsageFindings.addRule(name: form.name, rule, actor: req.auditActor, app: req.application)
            return req.redirect(to: Paths.usageRules.path + "?done=saved", redirectType: .normal)
        } invalid: { failure in
            return try await rulesPage(req, form: form, errors: failure, status: .unprocessableEntity)
        }
    }

    func removeRule(_ req: Request) async throws -> Response {
        try await UsageFindings.removeRule(try req.requireID(), actor: req.auditActor, app: req.application)
        return req.redirect(to: Paths.usageRules.path + "?done=removed", redirectType: .normal)
    }
}
