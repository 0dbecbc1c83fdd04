import Domain
import Foundation

/// How the audit page reads usage's stored values: a rule's kind and category in words (issue 18).
enum UsageAuditText {
    static let formatters: [String: AuditFormatter] = [
        "usage_rule.kind": { raw, _, text in UsageRule.Kind(rawValue: raw).map { text.localizer.text($0.labelKey, text.language) } },
        "usage_rule.category": { raw, _, text in UsageCategories.labelKey(raw).map { text.localizer.text($0, text.language) } },
    ]
}
