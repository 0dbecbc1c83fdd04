import Domain
import Foundation
import Vapor

struct RoomDTO: Content {
    let id: UUID
    let name: String
    let floor: String?

    static let schema = JSONSchema.object(
        properties: ["id": .string(format: "uuid"), "name": .string(), "floor": .nullable(.string())], required: ["id", "name"])
}

struct SiteDTO: Content {
    let id: UUID
    let name: String
    let address: String
    let country: String
    let timeZone: String
    let rooms: [RoomDTO]
    let archived: Bool
    let version: Int

    init(_ site: Site, rooms: [Room]) {
        archived = site.archivedAt != nil
        id = site.id!
        name = site.name
        address = site.address
        country = site.country
        timeZone = site.timeZone
        self.rooms = rooms.sorted { $0.name < $1.name }.map { RoomDTO(id: $0.id!, name: $0.name, floor: $0.floor) }
        version = site.version
    }

    static let schema = JSONSchema.object(
        properties: [
            "id": .string(format: "uuid"), "name": .string(), "address": .string(), "country": .string(), "timeZone": .string(),
            "rooms": .array(.ref("Room")), "archived": .boolean, "version": .integer(minimum: 1),
        ], required: ["id", "name", "address", "country", "timeZone", "rooms", "archived", "version"])
}

struct SiteBody: APIRequestBody {
    let name: String
    let address: String
    let country: String
    let timeZone: String

    static let fieldNames: Set<String> = ["name", "address", "country", "timeZone"]
    func validate() -> [FieldError] { input.validate() }
    var input: StructureService.SiteInput { .init(name: name, address: address, country: country, timeZone: timeZone) }

    static let schema = JSONSchema.object(
        properties: ["name": .string(), "address": .string(), "country": .string(), "timeZone": .string()],
        required: ["name", "address", "country", "timeZone"])
}

struct RoomBody: APIRequestBody {
    let name: String
    let floor: String?

    static let fieldNames: Set<String> = ["name", "floor"]
    func validate() -> [FieldError] { [Validate.required(name, field: "name")].compactMap { $0 } }

    static let schema = JSONSchema.object(properties: ["name": .string(), "floor": .string()], required: ["name"])
}

struct CostCentreDTO: Content {
    let id: UUID
    let code: String
    let name: String
    let ownerId: UUID?
    let archived: Bool
    let version: Int

    init(_ centre: CostCentre) {
        archived = centre.archivedAt != nil
        id = centre.id!
        code = centre.code
        name = centre.name
        ownerId = centre.ownerID
        version = centre.version
    }

    static let schema = JSONSchema.object(
        properties: [
            "id": .string(format: "uuid"), "code": .string(), "name": .string(), "ownerId": .nullable(.string(format: "uuid")),
            "archived": .boolean, "version": .integer(minimum: 1),
        ], required: ["id", "code", "name", "archived", "version"])
}

struct CostCentreBody: APIRequestBody {
    let code: String
    let name: String
    let ownerId: UUID?

    static let fieldNames: Set<String> = ["code", "name", "ownerId"]
    func validate() -> [FieldError] { input.validate() }
    var input: StructureService.CostCentreInput { .init(code: code, name: name, ownerID: ownerId) }

    static let schema = JSONSchema.object(
        properties: ["code": .string(), "name": .string(), "ownerId": .nullable(.string(format: "uuid"))], required: ["code", "name"])
}

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

struct EmployeeDTO: Content {
    let id: UUID
    let employeeNumber: String
    let firstName: String
    let lastName: String
    let workEmail: String?
    let phone: String?
    let jobTitle: String?
    let departmentId: UUID?
    let siteId: UUID?
    let managerId: UUID?
    let startDate: String?
    let endDate: String?
    let status: EmploymentStatus
    let userId: UUID?
    let erased: Bool
    let version: Int

    init(_ row: EmployeeDirectory.Row) {
        id = row.id
        employeeNumber = row.employeeNumber
        firstName = row.firstName
        lastName = row.lastName
        workEmail = row.workEmail
        phone = row.phone
        jobTitle = row.jobTitle
        departmentId = row.departmentId
        siteId = row.siteId
        managerId = row.managerId
        startDate = row.startDate
        endDate = row.endDate
        status = row.employmentStatus
        userId = row.userId
        erased = row.erasedAt != nil
        version = row.version
    }

    init(_ employee: Employee) {
        id = employee.id!
        employeeNumber = employee.employeeNumber
        firstName = employee.firstName
        lastName = employee.lastName
        workEmail = employee.workEmail
        phone = employee.phone
        jobTitle = employee.jobTitle
        departmentId = employee.departmentID
        siteId = employee.siteID
        managerId = employee.managerID
        startDate = employee.startDateText
        endDate = employee.endDateText
        status = employee.status
        userId = employee.userID
        erased = employee.erasedAt != nil
        version = employee.version
    }

    static let fieldSchemas: [String: JSONSchema] = [
        "employeeNumber": .string(), "firstName": .string(), "lastName": .string(), "workEmail": .nullable(.string(format: "email")),
        "phone": .nullable(.string()), "jobTitle": .nullable(.string()), "departmentId": .nullable(.string(format: "uuid")),
        "siteId": .nullable(.string(format: "uuid")), "managerId": .nullable(.string(format: "uuid")),
        "startDate": .nullable(.string(format: "date")), "endDate": .nullable(.string(format: "date")),
        "status": .string(enumeration: EmploymentStatus.allCases.map(\.rawValue)), "userId": .nullable(.string(format: "uuid")),
    ]

    static let schema = JSONSchema.object(
        properties: fieldSchemas.merging(["id": .string(format: "uuid"), "erased": .boolean, "version": .integer(minimum: 1)]) { a, _ in a
        },
        required: ["id", "employeeNumber", "firstName", "lastName", "status", "erased", "version"])
}

/// Creating takes every required field; changing (PATCH) takes any subset, and `null` clears a field.
struct EmployeeBody: APIRequestBody {
    let employeeNumber: String?
    let firstName: String?
    let lastName: String?
    let workEmail: String?
    let phone: String?
    let jobTitle: String?
    let departmentId: UUID?
    let siteId: UUID?
    let managerId: UUID?
    let startDate: String?
    let endDate: String?
    let status: EmploymentStatus?
    let userId: UUID?

    static let fieldNames = Set(EmployeeDTO.fieldSchemas.keys)
    func validate() -> [FieldError] { [] }  // EmployeeService.Input.validate, after merging with the stored record.

    /// The record's new state: fields present in the body replace the stored ones.
    func merged(over base: Employee?, present: Set<String>) -> EmployeeService.Input {
        func pick<T>(_ key: String, _ new: T?, _ old: T?) -> T? { present.contains(key) ? new : old }
        return EmployeeService.Input(
            employeeNumber: pick("employeeNumber", employeeNumber, base?.employeeNumber) ?? "",
            firstName: pick("firstName", firstName, base?.firstName) ?? "", lastName: pick("lastName", lastName, base?.lastName) ?? "",
            workEmail: pick("workEmail", workEmail, base?.workEmail), phone: pick("phone", phone, base?.phone),
            jobTitle: pick("jobTitle", jobTitle, base?.jobTitle), departmentID: pick("departmentId", departmentId, base?.departmentID),
            siteID: pick("siteId", siteId, base?.siteID), managerID: pick("managerId", managerId, base?.managerID),
            startDate: pick("startDate", startDate, base?.startDateText), endDate: pick("endDate", endDate, base?.endDateText),
            status: pick("status", status, base?.status) ?? .active, userID: pick("userId", userId, base?.userID))
    }

    static let schema = JSONSchema.object(properties: EmployeeDTO.fieldSchemas, required: [])
}

struct ArchiveBody: APIRequestBody {
    let endDate: String?

    static let fieldNames: Set<String> = ["endDate"]
    func validate() -> [FieldError] {
        if let endDate, CalendarDate(endDate) == nil { return [FieldError(field: "endDate", code: .dateInvalid)] }
        return []
    }

    static let schema = JSONSchema.object(properties: ["endDate": .string(format: "date")], required: [])
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
