import Domain
import Vapor

extension Application {
    /// People: the applications catalogue and who has access to what.
    func registerPeopleRoutes() {
        let catalogue = AppCataloguePages()

        on(.GET, .applications, .action(.readApplications), use: catalogue.list)
        on(.POST, .applications, .action(.manageApplications), use: catalogue.save)
        on(.GET, .applicationNew, .action(.manageApplications), use: catalogue.new)
        on(.GET, .application, .action(.readApplications), use: catalogue.detail)
        on(.POST, .application, .action(.manageApplications), use: catalogue.save)
        on(.GET, .applicationEdit, .action(.manageApplications), use: catalogue.edit)
        on(.POST, .applicationGrants, .action(.manageApplications), use: catalogue.grant)
        on(.POST, .accessGrantRevoke, .action(.manageApplications), use: catalogue.revoke)
        on(.GET, .employeeAccess, .action(.readApplications), use: catalogue.employeeAccess)
        on(.POST, .employeeAccessDefaults, .action(.manageApplications), use: catalogue.grantDefaults)
        on(.GET, .myAccess, .action(.useWorkspace), use: catalogue.mine)
    }
}
