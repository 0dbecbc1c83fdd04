import Domain
import Fluent
import Foundation
import Probes
import SQLKit
import Vapor

extension CheckService {
    /// A check as the page, the API and the command line give it.
    struct Input: Sendable {
        var name: String
        var definition: CheckDefinition
        var assetID: UUID?
        var service: String = ""
        var parentID: UUID?
        var channelIDs: [UUID] = []
        var escalateAfterMinutes: Int?
        var enabled = true
        var onStatusPage = false

        func validate() -> [FieldError] {
            var errors = definition.problems()
            if let error = Validate.required(name, field: "name") { errors.append(error) }
            if name.count > 200 { errors.append(FieldError(field: "name", code: .tooLong)) }
            if assetID == nil, service.trimmingCharacters(in: .whitespaces).isEmpty {
                errors.append(FieldError(field: "service", code: .required))
            }
            if service.count > 200 { errors.append(FieldError(field: "service", code: .tooLong)) }
            if let minutes = escalateAfterMinutes, !(1...10_080).contains(minutes) {
                errors.append(FieldError(field: "escalateAfterMinutes", code: .outOfRange))
            }
            return errors
        }

        func apply(to check: Check) {
            let definition = self.definition
            check.name = name.trimmingCharacters(in: .whitespaces)
            (check.kindRaw, check.target, check.port) = (
                definition.kind.rawValue, definition.target.trimmingCharacters(in: .whitespaces), definition.port
            )
            (check.intervalSeconds, check.timeoutSeconds) = (definition.intervalSeconds, definition.timeoutSeconds)
            (check.problemsBeforeHard, check.successesToRecover) = (
                definition.policy.problemsBeforeHard, definition.policy.successesToRecover
            )
            (check.warning, check.critical, check.settingsJSON) = (
                definition.warning, definition.critical, Check.encode(definition.settings)
            )
            (check.assetID, check.service, check.parentID) = (assetID, service.trimmingCharacters(in: .whitespaces), parentID)
            check.channelIDsText = channelIDs.map(\.uuidString).sorted().joined(separator: ",")
            (check.escalateAfterMinutes, check.enabled, check.onStatusPage) = (escalateAfterMinutes, enabled, onStatusPage)
        }
    }
}
