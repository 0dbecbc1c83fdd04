import Domain

/// What the OpenAPI document says of the organisation's API routes.
enum OrganisationAPIDocs {
    private static let archivedQuery: [APIDoc.QueryParameter] = [
        .init(name: "archived", schema: .boolean, description: "Include archived records.")
    ]
    static let listSites = APIDoc(summary: "Every current site, with its rooms.", query: archivedQuery, response: .array(.ref("Site")))
    static let createSite = APIDoc(summary: "Create a site.", requestBody: .ref("SiteBody"), response: .ref("Site"), successStatus: 201)
    static let getSite = APIDoc(summary: "One site; the ETag is its version.", response: .ref("Site"))
    static let updateSite = APIDoc(
        summary: "Change a site (If-Match).", requestBody: .ref("SiteBody"), response: .ref("Site"), conditional: true)
    static let addRoom = APIDoc(summary: "Add a room to a site.", requestBody: .ref("RoomBody"), response: .ref("Room"), successStatus: 201)
    static let listCostCentres = APIDoc(summary: "Every current cost centre.", query: archivedQuery, response: .array(.ref("CostCentre")))
    static let createCostCentre = APIDoc(
        summary: "Create a cost centre.", requestBody: .ref("CostCentreBody"), response: .ref("CostCentre"), successStatus: 201)
    static let getCostCentre = APIDoc(summary: "One cost centre; the ETag is its version.", response: .ref("CostCentre"))
    static let updateCostCentre = APIDoc(
        summary: "Change a cost centre (If-Match).", requestBody: .ref("CostCentreBody"), response: .ref("CostCentre"), conditional: true)
    static let listDepartments = APIDoc(summary: "Every current department.", query: archivedQuery, response: .array(.ref("Department")))
    static let createDepartment = APIDoc(
        summary: "Create a department.", requestBody: .ref("DepartmentBody"), response: .ref("Department"), successStatus: 201)
    static let getDepartment = APIDoc(summary: "One department; the ETag is its version.", response: .ref("Department"))
    static let updateDepartment = APIDoc(
        summary: "Change a department (If-Match); a parent below itself is refused.", requestBody: .ref("DepartmentBody"),
        response: .ref("Department"), conditional: true)
    static let archiveSite = APIDoc(
        summary: "Archive a site (If-Match); refused (422 in_use) while current employees or departments are there.",
        response: .ref("Site"),
        conditional: true)
    static let archiveDepartment = APIDoc(
        summary: "Archive a department (If-Match); refused (422 in_use) while it has current employees or sub-departments.",
        response: .ref("Department"), conditional: true)
    static let archiveCostCentre = APIDoc(
        summary: "Archive a cost centre (If-Match); refused (422 in_use) while a current department books to it.",
        response: .ref("CostCentre"),
        conditional: true)
    static let orgChart = APIDoc(summary: "The department tree with managers and head counts.", response: .array(.ref("OrgChartNode")))
    static let listEmployees = APIDoc(
        summary: "The employee directory (everyone who has not left, unless status says otherwise).",
        query: APIDocs.paging + [
            .init(
                name: "sort", schema: .string(enumeration: EmployeeDirectory.sorts.sorted().flatMap { [$0, "-" + $0] }),
                description: "Sort field; '-' for descending."),
            .init(name: "q", schema: .string(), description: "Part of a name, or an exact employee number or work e-mail."),
            .init(name: "department", schema: .string(format: "uuid"), description: "Only this department."),
            .init(name: "site", schema: .string(format: "uuid"), description: "Only this site."),
            .init(name: "manager", schema: .string(format: "uuid"), description: "Only this manager's direct reports."),
            .init(name: "managerNumber", schema: .string(), description: "The same, with the manager named by employee number."),
            .init(
                name: "status", schema: .string(enumeration: EmploymentStatus.allCases.map(\.rawValue) + ["all"]),
                description: "Only this status, or all."),
        ], response: .page(of: "Employee"))
    static let createEmployee = APIDoc(
        summary: "Create an employee record.", requestBody: .ref("EmployeeBody"), response: .ref("Employee"), successStatus: 201)
    static let getEmployee = APIDoc(summary: "One employee; the ETag is the record's version.", response: .ref("Employee"))
    static let updateEmployee = APIDoc(
        summary: "Change an employee (If-Match): named fields change, null clears; a manager who reports to the employee is refused.",
        requestBody: .ref("EmployeeBody"), response: .ref("Employee"), conditional: true)
    static let archiveEmployee = APIDoc(
        summary: "Mark an employee as having left (If-Match); the record and its history stay.", requestBody: .ref("ArchiveBody"),
        response: .ref("Employee"), conditional: true)
    static let myTeam = APIDoc(summary: "The caller's reports, direct and indirect.", response: .array(.ref("Employee")))
    static let importEmployees = APIDoc(
        summary:
            "Check or import employees from CSV (text/csv) or JSON (an array of objects with the export's keys). 422 with the report when any row is wrong.",
        query: APIDoc.transferQuery, response: .ref("ImportReport"))
    static let importDepartments = APIDoc(
        summary: "Check or import departments from CSV or JSON. 422 with the report when any row is wrong.", query: APIDoc.transferQuery,
        response: .ref("ImportReport"))
    static let exportEmployees = APIDoc(summary: "Every employee, as a file that re-imports unchanged.", query: APIDoc.formatQuery)
    static let exportDepartments = APIDoc(summary: "Every department, as a file that re-imports unchanged.", query: APIDoc.formatQuery)
    static let myData = APIDoc(
        summary: "Everything Quartermaster holds about the caller (GDPR Art. 15), as a download.", response: .ref("PersonalData"))

    static let schemas: [String: JSONSchema] = [
        "Site": SiteDTO.schema, "SiteBody": SiteBody.schema, "Room": RoomDTO.schema, "RoomBody": RoomBody.schema,
        "CostCentre": CostCentreDTO.schema, "CostCentreBody": CostCentreBody.schema, "Department": DepartmentDTO.schema,
        "DepartmentBody": DepartmentBody.schema, "OrgChartNode": OrgChartNode.schema, "Employee": EmployeeDTO.schema,
        "EmployeeBody": EmployeeBody.schema, "ArchiveBody": ArchiveBody.schema,
    ]
}
