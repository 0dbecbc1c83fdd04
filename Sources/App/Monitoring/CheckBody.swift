import Domain
import Fluent
import Foundation
import Probes
import SQLKit
import Vapor

/// A check as a POST or PATCH gives it; in a PATCH what is left out keeps its value.
struct CheckBody: APIRequestBody {
    let name: String?
    /// Text, so an unknown kind is named as the field in error rather than refused as a malformed body.
    let kind: String?
    let target: String?
    let port: Int?
    let intervalSeconds: Int?
    let timeoutSeconds: Int?
    let problemsBeforeHard: Int?
    let successesToRecover: Int?
    let warning: Int?
    let critical: Int?
    let settings: CheckSettings?
    let assetId: UUID?
    let service: String?
    let parentId: UUID?
    let channelIds: [UUID]?
    let escalateAfterMinutes: Int?
    let enabled: Bool?
    let statusPage: Bool?

    static let fieldNames = Set(CheckDTO.fieldSchemas.keys)
    func validate() -> [FieldError] { [] }  // CheckService.Input.validate, after merging.

    func merged(over base: Check?, present: Set<String>) throws -> CheckService.Input {
        func pick<T>(_ key: String, _ new: T?, _ old: T?) -> T? { present.contains(key) ? new : old }
        guard let text = pick("kind", kind, base?.kindRaw) else { throw ValidationFailure([FieldError(field: "kind", code: .required)]) }
        guard let kind = CheckKind(rawValue: text) else { throw ValidationFailure([FieldError(field: "kind", code: .invalid)]) }
        let definition = CheckDefinition(
            kind: kind, target: pick("target", target, base?.target) ?? "", port: pick("port", port, base?.port),
            intervalSeconds: pick("intervalSeconds", intervalSeconds, base?.intervalSeconds) ?? 60,
            timeoutSeconds: pick("timeoutSeconds", timeoutSeconds, base?.timeoutSeconds) ?? 10,
            policy: CheckPolicy(
                problemsBeforeHard: pick("problemsBeforeHard", problemsBeforeHard, base?.problemsBeforeHard) ?? 3,
                successesToRecover: pick("successesToRecover", successesToRecover, base?.successesToRecover) ?? 1),
            warning: pick("warning", warning, base?.warning), critical: pick("critical", critical, base?.critical),
            settings: pick("settings", settings, base?.settings) ?? CheckSettings())
        return CheckService.Input(
            name: pick("name", name, base?.name) ?? "", definition: definition, assetID: pick("assetId", assetId, base?.assetID),
            service: pick("service", service, base?.service) ?? "", parentID: pick("parentId", parentId, base?.parentID),
            channelIDs: pick("channelIds", channelIds, base?.channelIDs) ?? [],
            escalateAfterMinutes: pick("escalateAfterMinutes", escalateAfterMinutes, base?.escalateAfterMinutes),
            enabled: pick("enabled", enabled, base?.enabled) ?? true,
            onStatusPage: pick("statusPage", statusPage, base?.onStatusPage) ?? false)
    }
}
