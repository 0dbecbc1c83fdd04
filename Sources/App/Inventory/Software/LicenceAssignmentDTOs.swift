import Domain
import Foundation
import Vapor

struct AssignmentDTO: Content {
    let id: UUID
    let licenceId: UUID
    let employeeId: UUID?
    let assetId: UUID?
    let assignee: String
    let assignedAt: Date
    let assignedBy: String

    init(_ assignment: LicenceAssignment, assignee: String) {
        (id, licenceId, employeeId, assetId) = (assignment.id!, assignment.licenceID, assignment.employeeID, assignment.assetID)
        (self.assignee, assignedAt, assignedBy) = (assignee, assignment.assignedAt, assignment.assignedBy)
    }

    static let schema = JSONSchema.object(
        properties: [
            "id": .string(format: "uuid"), "licenceId": .string(format: "uuid"), "employeeId": .nullable(.string(format: "uuid")),
            "assetId": .nullable(.string(format: "uuid")), "assignee": .string(), "assignedAt": .string(format: "date-time"),
            "assignedBy": .string(),
        ], required: ["id", "licenceId", "assignee", "assignedAt", "assignedBy"])
}

struct AssignmentBody: APIRequestBody {
    let employeeNumber: String?
    let assetTag: String?

    static let fieldNames: Set<String> = ["employeeNumber", "assetTag"]
    func validate() -> [FieldError] { [] }  // SoftwareService.assign.

    static let schema = JSONSchema.object(properties: ["employeeNumber": .string(), "assetTag": .string()], required: [])
}
