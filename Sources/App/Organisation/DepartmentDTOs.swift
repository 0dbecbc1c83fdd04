import Domain
import Foundation
import Vapor

struct DepartmentDTO: Content {
    let id: UUID
    let name: String
    let parentId: UUID?
    let managerId: UUID?
    let costCentreId: UUID?
    let siteId: UUID?
    let archived: Bool
    let version: Int

    init(_ department: Department) {
        archived = department.archivedAt != nil
        id = department.id!
        name = department.name
        parentId = department.parentID
        managerId = department.managerID
        costCentreId = department.costCentreID
        siteId = department.siteID
        version = department.version
    }

    static let schema = JSONSchema.object(
        properties: [
            "id": .string(format: "uuid"), "name": .string(), "parentId": .nullable(.string(format: "uuid")),
            "managerId": .nullable(.string(format: "uuid")), "costCentreId": .nullable(.string(format: "uuid")),
            "siteId": .nullable(.string(format: "uuid")), "archived": .boolean, "version": .integer(minimum: 1),
        ], required: ["id", "name", "archived", "version"])
}

struct DepartmentBody: APIRequestBody {
    let name: String
    let parentId: UUID?
    let managerId: UUID?
    let costCentreId: UUID?
    let siteId: UUID?

    static let fieldNames: Set<String> = ["name", "parentId", "managerId", "costCentreId", "siteId"]
    func validate() -> [FieldError] { [Validate.required(name, field: "name")].compactMap { $0 } }
    var input: StructureService.DepartmentInput {
        .init(name: name, parentID: parentId, managerID: managerId, costCentreID: costCentreId, siteID: siteId)
    }

    static let schema = JSONSchema.object(
        properties: [
            "name": .string(), "parentId": .nullable(.string(format: "uuid")), "managerId": .nullable(.string(format: "uuid")),
            "costCentreId": .nullable(.string(format: "uuid")), "siteId": .nullable(.string(format: "uuid")),
        ], required: ["name"])
}

/// One department in the org chart, with its manager and head counts (active and on-leave employees).
struct OrgChartNode: Content {
    let id: UUID
    let name: String
    let managerId: UUID?
    let managerName: String?
    let headCount: Int
    let totalHeadCount: Int
    let children: [OrgChartNode]

    static let schema = JSONSchema.object(
        properties: [
            "id": .string(format: "uuid"), "name": .string(), "managerId": .nullable(.string(format: "uuid")),
            "managerName": .nullable(.string()), "headCount": .integer(minimum: 0), "totalHeadCount": .integer(minimum: 0),
            "children": .array(.ref("OrgChartNode")),
        ], required: ["id", "name", "headCount", "totalHeadCount", "children"])
}
