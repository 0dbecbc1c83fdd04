import Domain
import Vapor

extension Application {
    /// People, departments, cost centres, sites and the org chart; the employee's own pages.
    func registerOrganisationRoutes() {
        let organisation = OrganisationAPIController()
        let people = EmployeePages()
        let structure = StructurePages()
        let selfService = SelfServicePages()
        let transfer = FileTransfer()
        let employeeFiles = transfer.handlers(TransferTable.employees)
        let departmentFiles = transfer.handlers(TransferTable.departments)

        // Pages
        on(.GET, .employees, .action(.readPeople), use: people.list)
        on(.GET, .employeeNew, .action(.managePeople), use: people.new)
        on(.POST, .employees, .action(.managePeople), use: people.create)
        on(.GET, .employee, .action(.readPeople), use: people.detail)
        on(.GET, .employeeEdit, .action(.managePeople), use: people.edit)
        on(.POST, .employee, .action(.managePeople), use: people.update)
        on(.POST, .employeeArchive, .action(.managePeople), use: people.archive)
        on(.GET, .employeesImport, .action(.managePeople), use: employeeFiles.page)
        on(.POST, .employeesImport, .action(.managePeople), body: .collect(maxSize: Self.importLimit), use: employeeFiles.upload)
        on(.GET, .employeesExport, .action(.readPeople), use: employeeFiles.download)
        on(.GET, .departmentsImport, .action(.manageStructure), use: departmentFiles.page)
        on(.POST, .departmentsImport, .action(.manageStructure), body: .collect(maxSize: Self.importLimit), use: departmentFiles.upload)
        on(.GET, .departmentsExport, .action(.readOrganisation), use: departmentFiles.download)
        on(.GET, .orgChart, .action(.readOrganisation), use: structure.orgChart)
        on(.GET, .departmentNew, .action(.manageStructure), use: structure.newDepartment)
        on(.POST, .departments, .action(.manageStructure), use: structure.saveDepartment)
        on(.GET, .department, .action(.manageStructure), use: structure.editDepartment)
        on(.POST, .department, .action(.manageStructure), use: structure.saveDepartment)
        on(.GET, .sites, .action(.readOrganisation), use: structure.sites)
        on(.GET, .siteNew, .action(.manageStructure), use: structure.newSite)
        on(.POST, .sites, .action(.manageStructure), use: structure.saveSite)
        on(.GET, .site, .action(.manageStructure), use: structure.editSite)
        on(.POST, .site, .action(.manageStructure), use: structure.saveSite)
        on(.POST, .siteRooms, .action(.manageStructure), use: structure.addRoom)
        on(.POST, .siteArchive, .action(.manageStructure), use: structure.archiveSite)
        on(.POST, .departmentArchive, .action(.manageStructure), use: structure.archiveDepartment)
        on(.POST, .costCentreArchive, .action(.manageStructure), use: structure.archiveCostCentre)
        on(.GET, .costCentres, .action(.readOrganisation), use: structure.costCentres)
        on(.GET, .costCentreNew, .action(.manageStructure), use: structure.newCostCentre)
        on(.POST, .costCentres, .action(.manageStructure), use: structure.saveCostCentre)
        on(.GET, .costCentre, .action(.manageStructure), use: structure.editCostCentre)
        on(.POST, .costCentre, .action(.manageStructure), use: structure.saveCostCentre)
        on(.GET, .myTeam, .action(.useWorkspace), use: selfService.team)
        on(.GET, .myData, .action(.useWorkspace), use: selfService.myData)

        // JSON API
        on(.GET, .apiSites, .action(.readOrganisation), doc: OrganisationAPIDocs.listSites, use: organisation.listSites)
        on(.POST, .apiSites, .action(.manageStructure), doc: OrganisationAPIDocs.createSite, use: organisation.createSite)
        on(.GET, .apiSite, .action(.readOrganisation), doc: OrganisationAPIDocs.getSite, use: organisation.getSite)
        on(.PATCH, .apiSite, .action(.manageStructure), doc: OrganisationAPIDocs.updateSite, use: organisation.updateSite)
        on(.POST, .apiSiteRooms, .action(.manageStructure), doc: OrganisationAPIDocs.addRoom, use: organisation.addRoom)
        on(.GET, .apiCostCentres, .action(.readOrganisation), doc: OrganisationAPIDocs.listCostCentres, use: organisation.listCostCentres)
        on(.POST, .apiCostCentres, .action(.manageStructure), doc: OrganisationAPIDocs.createCostCentre, use: organisation.createCostCentre)
        on(.GET, .apiCostCentre, .action(.readOrganisation), doc: OrganisationAPIDocs.getCostCentre, use: organisation.getCostCentre)
        on(.PATCH, .apiCostCentre, .action(.manageStructure), doc: OrganisationAPIDocs.updateCostCentre, use: organisation.updateCostCentre)
        on(.GET, .apiDepartments, .action(.readOrganisation), doc: OrganisationAPIDocs.listDepartments, use: organisation.listDepartments)
        on(.POST, .apiDepartments, .action(.manageStructure), doc: OrganisationAPIDocs.createDepartment, use: organisation.createDepartment)
        on(.GET, .apiDepartment, .action(.readOrganisation), doc: OrganisationAPIDocs.getDepartment, use: organisation.getDepartment)
        on(.PATCH, .apiDepartment, .action(.manageStructure), doc: OrganisationAPIDocs.updateDepartment, use: organisation.updateDepartment)
        on(.GET, .apiOrgChart, .action(.readOrganisation), doc: OrganisationAPIDocs.orgChart, use: organisation.orgChart)
        on(.POST, .apiSiteArchive, .action(.manageStructure), doc: OrganisationAPIDocs.archiveSite, use: organisation.archiveSite)
        on(
            .POST, .apiDepartmentArchive, .action(.manageStructure), doc: OrganisationAPIDocs.archiveDepartment,
            use: organisation.archiveDepartment)
        on(
            .POST, .apiCostCentreArchive, .action(.manageStructure), doc: OrganisationAPIDocs.archiveCostCentre,
            use: organisation.archiveCostCentre)
        on(.GET, .apiEmployees, .action(.readPeople), doc: OrganisationAPIDocs.listEmployees, use: organisation.listEmployees)
        on(.POST, .apiEmployees, .action(.managePeople), doc: OrganisationAPIDocs.createEmployee, use: organisation.createEmployee)
        on(.GET, .apiEmployee, .action(.readPeople), doc: OrganisationAPIDocs.getEmployee, use: organisation.getEmployee)
        on(.PATCH, .apiEmployee, .action(.managePeople), doc: OrganisationAPIDocs.updateEmployee, use: organisation.updateEmployee)
        on(.POST, .apiEmployeeArchive, .action(.managePeople), doc: OrganisationAPIDocs.archiveEmployee, use: organisation.archiveEmployee)
        on(.GET, .apiMyTeam, .action(.useWorkspace), doc: OrganisationAPIDocs.myTeam, use: organisation.myTeam)
        on(
            .POST, .apiEmployeesImport, .action(.managePeople), doc: OrganisationAPIDocs.importEmployees,
            body: .collect(maxSize: Self.importLimit),
            use: employeeFiles.apiImport)
        on(.GET, .apiEmployeesExport, .action(.readPeople), doc: OrganisationAPIDocs.exportEmployees, use: employeeFiles.download)
        on(
            .POST, .apiDepartmentsImport, .action(.manageStructure), doc: OrganisationAPIDocs.importDepartments,
            body: .collect(maxSize: Self.importLimit),
            use: departmentFiles.apiImport)
        on(
            .GET, .apiDepartmentsExport, .action(.readOrganisation), doc: OrganisationAPIDocs.exportDepartments,
            use: departmentFiles.download)
        on(.GET, .apiMyData, .action(.useWorkspace), doc: OrganisationAPIDocs.myData, use: organisation.myData)
    }
}
