import Domain
import Vapor

extension Application {
    /// Every route of the application, with the action each requires. Read this to see the whole surface.
    /// Imports may be large: 100,000 employees are about 12 MB of CSV.
    static let importLimit: ByteCount = "64mb"

    func registerRoutes() throws {
        let web = WebController()
        let admin = AdminController()
        let api = APIController()
        let ops = OperationsController()
        let organisation = OrganisationAPIController()
        let people = EmployeePages()
        let structure = StructurePages()
        let selfService = SelfServicePages()
        let transfer = OrganisationTransfer()
        let ipam = IPAMAPIController()
        let network = NetworkPages()

        // Public
        on(.GET, .root, .public, use: web.root)
        on(.GET, .signIn, .public, use: web.signInPage)
        on(.POST, .signIn, .public, use: web.signIn)
        on(.POST, .language, .public, use: web.switchLanguage)
        on(.GET, .healthz, .public, use: ops.health)
        on(.GET, .readyz, .public, use: ops.ready)
        on(.GET, .metrics, .public, use: ops.metrics)
        on(.GET, .apiOpenAPI, .public, use: ops.openAPI)

        // Every signed-in user
        on(.POST, .signOut, .action(.useWorkspace), use: web.signOut)
        on(.GET, .dashboard, .action(.useWorkspace), use: web.dashboard)
        on(.GET, .profile, .action(.useWorkspace), use: web.profile)
        on(.POST, .profileLanguage, .action(.useWorkspace), use: web.changeLanguage)
        on(.POST, .profilePassword, .action(.useWorkspace), use: web.changePassword)
        on(.POST, .profileTokens, .action(.manageOwnTokens), use: web.createToken)
        on(.POST, .profileTokenRevoke, .action(.manageOwnTokens), use: web.revokeToken)

        // Administration
        on(.GET, .adminUsers, .action(.readUsers), use: admin.users)
        on(.GET, .adminUserNew, .action(.manageUsers), use: admin.newUser)
        on(.POST, .adminUsers, .action(.manageUsers), use: admin.createUser)
        on(.GET, .adminUser, .action(.manageUsers), use: admin.editUser)
        on(.POST, .adminUser, .action(.manageUsers), use: admin.updateUser)
        on(.GET, .adminRoles, .action(.readRoles), use: admin.roles)
        on(.GET, .adminAudit, .action(.readAudit), use: admin.audit)
        on(.GET, .adminOrganisation, .action(.readOrganisation), use: admin.organisation)
        on(.POST, .adminOrganisation, .action(.manageOrganisation), use: admin.updateOrganisation)
        on(.GET, .adminJobs, .action(.readJobs), use: admin.jobs)

        // The organisation
        on(.GET, .employees, .action(.readPeople), use: people.list)
        on(.GET, .employeeNew, .action(.managePeople), use: people.new)
        on(.POST, .employees, .action(.managePeople), use: people.create)
        on(.GET, .employee, .action(.readPeople), use: people.detail)
        on(.GET, .employeeEdit, .action(.managePeople), use: people.edit)
        on(.POST, .employee, .action(.managePeople), use: people.update)
        on(.POST, .employeeArchive, .action(.managePeople), use: people.archive)
        on(.GET, .employeesImport, .action(.managePeople), use: transfer.employeesPage)
        on(.POST, .employeesImport, .action(.managePeople), body: .collect(maxSize: Self.importLimit), use: transfer.employeesUpload)
        on(.GET, .employeesExport, .action(.readPeople), use: transfer.employeesDownload)
        on(.GET, .departmentsImport, .action(.manageStructure), use: transfer.departmentsPage)
        on(.POST, .departmentsImport, .action(.manageStructure), body: .collect(maxSize: Self.importLimit), use: transfer.departmentsUpload)
        on(.GET, .departmentsExport, .action(.readOrganisation), use: transfer.departmentsDownload)
        on(.GET, .orgChart, .action(.readOrganisation), use: structure.orgChart)
        on(.GET, .departmentNew, .action(.manageStructure), use: structure.newDepartment)
        on(.POST, .departments, .action(.manageStructure), use: structure.saveDepartment)
        on(.GET, .department, .action(.manageStructure), use: structure.editDepartment)
        on(.POST, .department, .action(.manageStructure), use: structure.saveDepartment)
        on(.GET, .network, .action(.readInventory), use: network.prefixes)
        on(.POST, .network, .action(.manageInventory), use: network.createPrefix)
        on(.GET, .networkPrefix, .action(.readInventory), use: network.prefix)
        on(.POST, .networkPrefixAddresses, .action(.manageInventory), use: network.createAddress)
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
        on(.GET, .apiMe, .action(.useWorkspace), doc: APIDocs.me, use: api.me)
        on(.GET, .apiUsers, .action(.readUsers), doc: APIDocs.listUsers, use: api.listUsers)
        on(.POST, .apiUsers, .action(.manageUsers), doc: APIDocs.createUser, use: api.createUser)
        on(.GET, .apiUser, .action(.readUsers), doc: APIDocs.getUser, use: api.getUser)
        on(.PATCH, .apiUser, .action(.manageUsers), doc: APIDocs.updateUser, use: api.updateUser)
        on(.GET, .apiTokens, .action(.manageOwnTokens), doc: APIDocs.listTokens, use: api.listTokens)
        on(.POST, .apiTokens, .action(.manageOwnTokens), doc: APIDocs.createToken, use: api.createToken)
        on(.DELETE, .apiToken, .action(.manageOwnTokens), doc: APIDocs.revokeToken, use: api.revokeToken)
        on(.GET, .apiAudit, .action(.readAudit), doc: APIDocs.listAudit, use: api.listAudit)
        on(.GET, .apiAuditVerify, .action(.readAudit), doc: APIDocs.verifyAudit, use: api.verifyAudit)
        on(.GET, .apiOrganisation, .action(.readOrganisation), doc: APIDocs.getOrganisation, use: api.getOrganisation)
        on(.PATCH, .apiOrganisation, .action(.manageOrganisation), doc: APIDocs.updateOrganisation, use: api.updateOrganisation)
        on(.GET, .apiRoles, .action(.readRoles), doc: APIDocs.roles, use: api.roles)
        on(.GET, .apiJobs, .action(.readJobs), doc: APIDocs.jobs, use: api.jobs)

        // JSON API: the organisation
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
        on(.GET, .apiIPPrefixes, .action(.readInventory), doc: IPAMAPIDocs.listPrefixes, use: ipam.listPrefixes)
        on(.POST, .apiIPPrefixes, .action(.manageInventory), doc: IPAMAPIDocs.createPrefix, use: ipam.createPrefix)
        on(.GET, .apiIPPrefix, .action(.readInventory), doc: IPAMAPIDocs.getPrefix, use: ipam.getPrefix)
        on(.GET, .apiIPPrefixNextFree, .action(.readInventory), doc: IPAMAPIDocs.nextFree, use: ipam.nextFree)
        on(.GET, .apiIPAddresses, .action(.readInventory), doc: IPAMAPIDocs.listAddresses, use: ipam.listAddresses)
        on(.POST, .apiIPAddresses, .action(.manageInventory), doc: IPAMAPIDocs.createAddress, use: ipam.createAddress)
        on(.GET, .apiEmployees, .action(.readPeople), doc: OrganisationAPIDocs.listEmployees, use: organisation.listEmployees)
        on(.POST, .apiEmployees, .action(.managePeople), doc: OrganisationAPIDocs.createEmployee, use: organisation.createEmployee)
        on(.GET, .apiEmployee, .action(.readPeople), doc: OrganisationAPIDocs.getEmployee, use: organisation.getEmployee)
        on(.PATCH, .apiEmployee, .action(.managePeople), doc: OrganisationAPIDocs.updateEmployee, use: organisation.updateEmployee)
        on(.POST, .apiEmployeeArchive, .action(.managePeople), doc: OrganisationAPIDocs.archiveEmployee, use: organisation.archiveEmployee)
        on(.GET, .apiMyTeam, .action(.useWorkspace), doc: OrganisationAPIDocs.myTeam, use: organisation.myTeam)
        on(
            .POST, .apiEmployeesImport, .action(.managePeople), doc: OrganisationAPIDocs.importEmployees,
            body: .collect(maxSize: Self.importLimit),
            use: transfer.employeesAPIImport)
        on(.GET, .apiEmployeesExport, .action(.readPeople), doc: OrganisationAPIDocs.exportEmployees, use: transfer.employeesDownload)
        on(
            .POST, .apiDepartmentsImport, .action(.manageStructure), doc: OrganisationAPIDocs.importDepartments,
            body: .collect(maxSize: Self.importLimit),
            use: transfer.departmentsAPIImport)
        on(
            .GET, .apiDepartmentsExport, .action(.readOrganisation), doc: OrganisationAPIDocs.exportDepartments,
            use: transfer.departmentsDownload)
        on(.GET, .apiMyData, .action(.useWorkspace), doc: OrganisationAPIDocs.myData, use: organisation.myData)
    }
}
