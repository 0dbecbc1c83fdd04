import Domain
import Vapor

extension Application {
    /// People: the applications catalogue, who has access to what, and the accounts in the company's directory.
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

        let reviews = AccessReviewPages()
        on(.GET, .accessReviews, .action(.readApplications), use: reviews.list)
        on(.POST, .accessReviews, .action(.manageApplications), use: reviews.create)
        on(.GET, .accessReviewNew, .action(.manageApplications), use: reviews.new)
        on(.GET, .accessReview, .action(.readApplications), use: reviews.detail)
        on(.GET, .accessReviewEvidence, .action(.readApplications), use: reviews.evidence)
        // A manager decides their reports' items (checked against the item's reviewer); those who manage applications any.
        on(.POST, .accessReviewDecisions, .action(.useWorkspace), use: reviews.decide)
        on(.POST, .accessReviewClose, .action(.manageApplications), use: reviews.close)
        on(.POST, .accessReviewItemRemoved, .action(.manageApplications), use: reviews.removed)
        on(.GET, .myReviews, .action(.useWorkspace), use: reviews.mine)

        let directory = DirectoryPages()
        on(.GET, .directory, .action(.manageApplications), use: directory.page)
        on(.POST, .directory, .action(.manageApplications), use: directory.updateSettings)
        on(.POST, .directoryTest, .action(.manageApplications), use: directory.test)
        on(.POST, .directoryCheck, .action(.manageApplications), use: directory.check)
        on(.POST, .directoryFix, .action(.manageApplications), use: directory.fix)
        on(.POST, .directoryOperationRetry, .action(.manageApplications), use: directory.retry)
        on(.POST, .employeeDirectoryAccount, .action(.manageApplications), use: directory.requestAccount)
        on(.POST, .employeeDirectoryPassword, .action(.manageApplications), use: directory.revealPassword)
        on(.POST, .employeeDirectoryDisable, .action(.manageApplications), use: directory.disableAccount)

        let api = AppCatalogueAPIController()
        on(.GET, .apiApplications, .action(.readApplications), doc: AppCatalogueAPIDocs.list, use: api.list)
        on(.POST, .apiApplications, .action(.manageApplications), doc: AppCatalogueAPIDocs.create, use: api.create)
        on(.GET, .apiApplication, .action(.readApplications), doc: AppCatalogueAPIDocs.get, use: api.get)
        on(.PATCH, .apiApplication, .action(.manageApplications), doc: AppCatalogueAPIDocs.update, use: api.update)
        on(.GET, .apiApplicationGrants, .action(.readApplications), doc: AppCatalogueAPIDocs.grants, use: api.grants)
        on(.POST, .apiApplicationGrants, .action(.manageApplications), doc: AppCatalogueAPIDocs.grant, use: api.grant)
        on(.POST, .apiAccessGrantRevoke, .action(.manageApplications), doc: AppCatalogueAPIDocs.revoke, use: api.revoke)
        on(.GET, .apiEmployeeAccess, .action(.readApplications), doc: AppCatalogueAPIDocs.employeeAccess, use: api.employeeAccess)

        let reviewAPI = AccessReviewAPIController()
        on(.GET, .apiAccessReviews, .action(.readApplications), doc: AccessReviewAPIDocs.list, use: reviewAPI.list)
        on(.POST, .apiAccessReviews, .action(.manageApplications), doc: AccessReviewAPIDocs.create, use: reviewAPI.create)
        on(.GET, .apiAccessReview, .action(.readApplications), doc: AccessReviewAPIDocs.get, use: reviewAPI.get)
        on(.GET, .apiAccessReviewItems, .action(.useWorkspace), doc: AccessReviewAPIDocs.items, use: reviewAPI.items)
        on(.POST, .apiAccessReviewDecisions, .action(.useWorkspace), doc: AccessReviewAPIDocs.decide, use: reviewAPI.decide)
        on(.POST, .apiAccessReviewClose, .action(.manageApplications), doc: AccessReviewAPIDocs.close, use: reviewAPI.close)

        let directoryAPI = DirectoryAPIController()
        let manage = Access.action(.manageApplications)
        on(.GET, .apiDirectorySettings, manage, doc: DirectoryAPIDocs.getSettings, use: directoryAPI.getSettings)
        on(.PATCH, .apiDirectorySettings, manage, doc: DirectoryAPIDocs.updateSettings, use: directoryAPI.updateSettings)
        on(.GET, .apiDirectoryOperations, manage, doc: DirectoryAPIDocs.listOperations, use: directoryAPI.listOperations)
        on(.POST, .apiDirectoryOperationRetry, manage, doc: DirectoryAPIDocs.retry, use: directoryAPI.retry)
        on(.GET, .apiDirectoryDrift, manage, doc: DirectoryAPIDocs.drift, use: directoryAPI.drift)
        on(.POST, .apiDirectoryDrift, manage, doc: DirectoryAPIDocs.check, use: directoryAPI.check)
        on(.GET, .apiEmployeeDirectoryAccount, .action(.readApplications), doc: DirectoryAPIDocs.account, use: directoryAPI.account)
        on(.POST, .apiEmployeeDirectoryAccount, manage, doc: DirectoryAPIDocs.requestAccount, use: directoryAPI.requestAccount)
        on(.POST, .apiEmployeeDirectoryPassword, manage, doc: DirectoryAPIDocs.revealPassword, use: directoryAPI.revealPassword)
        on(.POST, .apiEmployeeDirectoryDisable, manage, doc: DirectoryAPIDocs.disableAccount, use: directoryAPI.disableAccount)
    }
}
