import Domain
import Foundation
import Vapor

struct UsageRuleBody: APIRequestBody, Content {
    var name: String
    var kind: String
    var category: String?
    var threshold: Int64?

    static let fieldNames: Set<String> = ["name", "kind", "category", "threshold"]
    func validate() -> [FieldError] {
        UsageRule.Kind(rawValue: kind) == nil ? [FieldError(field: "kind", code: .invalid)] : []
    }
    var rule: UsageRule? {
        UsageRule.Kind(rawValue: kind).map {
            UsageRule(kind: $0, category: category?.isEmpty == true ? nil : category, threshold: threshold)
        }
    }

    static let schema = JSONSchema.object(
        properties: [
            "name": .string(), "kind": .string(enumeration: UsageRule.Kind.allCases.map(\.rawValue)), "category": .nullable(.string()),
            "threshold": .nullable(.integer(minimum: 1)),
        ], required: ["name", "kind"])
}
