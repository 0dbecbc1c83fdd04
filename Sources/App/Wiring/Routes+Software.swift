import Domain
import Vapor

extension Application {
    /// Inventory: software, licences, installations and evaluations of candidates.
    func registerSoftwareRoutes() {
        let transfer = FileTransfer()
        let licenceFiles = transfer.handlers(TransferTable.licences)
        let installationFiles = transfer.handlers(TransferTable.installations)
        let softwarePages = SoftwarePages()
        let licencePages = LicencePages()
        let software = SoftwareAPIController()
        let evaluationPages = EvaluationPages()
        let evaluations = EvaluationAPIController()

        // Pages
        on(.GET, .software, .action(.readInventory), use: softwarePages.list)
        on(.POST, .software, .action(.manageInventory), use: softwarePages.saveProduct)
        on(.GET, .softwareCompliance, .action(.readInventoryReports), use: softwarePages.compliance)
        on(.GET, .softwareComplianceExport, .action(.readInventoryReports), use: softwarePages.complianceExport)
        on(.GET, .softwareProduct, .action(.readInventory), use: softwarePages.detail)
        on(.POST, .softwareProduct, .action(.manageInventory), use: softwarePages.saveProduct)
        on(.GET, .softwareProductEdit, .action(.manageInventory), use: softwarePages.editProduct)
        on(.POST, .softwareInstallations, .action(.manageInventory), use: softwarePages.install)
        on(.POST, .softwareInstallationRemove, .action(.manageInventory), use: softwarePages.uninstall)
        on(.GET, .licences, .action(.readInventory), use: licencePages.list)
        on(.POST, .licences, .action(.manageInventory), use: licencePages.save)
        on(.GET, .licenceNew, .action(.manageInventory), use: licencePages.new)
        on(.GET, .licence, .action(.readInventory), use: licencePages.detail)
        on(.POST, .licence, .action(.manageInventory), use: licencePages.save)
        on(.GET, .licenceEdit, .action(.manageInventory), use: licencePages.edit)
        on(.POST, .licenceAssignments, .action(.manageInventory), use: licencePages.assign)
        on(.POST, .licenceAssignmentRemove, .action(.manageInventory), use: licencePages.unassign)
        on(.POST, .licenceReveal, .action(.revealLicenceKeys), use: licencePages.reveal)
        on(.GET, .evaluations, .action(.readInventory), use: evaluationPages.list)
        on(.POST, .evaluations, .action(.manageInventory), use: evaluationPages.save)
        on(.GET, .evaluation, .action(.readInventory), use: evaluationPages.detail)
        on(.POST, .evaluation, .action(.manageInventory), use: evaluationPages.save)
        on(.POST, .evaluationCriteria, .action(.manageInventory), use: evaluationPages.addCriterion)
        on(.POST, .evaluationCandidates, .action(.manageInventory), use: evaluationPages.addCandidate)
        on(.POST, .evaluationScores, .action(.manageInventory), use: evaluationPages.setScores)
        on(.POST, .evaluationDecision, .action(.manageInventory), use: evaluationPages.decide)
        on(.POST, .evaluationCriterionRemove, .action(.manageInventory), use: evaluationPages.removeCriterion)
        on(.POST, .evaluationCandidateRemove, .action(.manageInventory), use: evaluationPages.removeCandidate)
        on(.GET, .licencesImport, .action(.manageInventory), use: licenceFiles.page)
        on(.POST, .licencesImport, .action(.manageInventory), body: .collect(maxSize: Self.importLimit), use: licenceFiles.upload)
        on(.GET, .licencesExport, .action(.readInventory), use: licenceFiles.download)
        on(.GET, .softwareInstallationsImport, .action(.manageInventory), use: installationFiles.page)
        on(
            .POST, .softwareInstallationsImport, .action(.manageInventory), body: .collect(maxSize: Self.importLimit),
            use: installationFiles.upload)
        on(.GET, .softwareInstallationsExport, .action(.readInventory), use: installationFiles.download)

        // JSON API
        on(.GET, .apiSoftwareProducts, .action(.readInventory), doc: SoftwareAPIDocs.listProducts, use: software.listProducts)
        on(.POST, .apiSoftwareProducts, .action(.manageInventory), doc: SoftwareAPIDocs.createProduct, use: software.createProduct)
        on(.GET, .apiSoftwareCompliance, .action(.readInventoryReports), doc: SoftwareAPIDocs.compliance, use: software.compliance)
        on(.GET, .apiSoftwareProduct, .action(.readInventory), doc: SoftwareAPIDocs.getProduct, use: software.getProduct)
        on(.PATCH, .apiSoftwareProduct, .action(.manageInventory), doc: SoftwareAPIDocs.updateProduct, use: software.updateProduct)
        on(
            .GET, .apiSoftwareInstallations, .action(.readInventory), doc: SoftwareAPIDocs.listInstallations,
            use: software.listInstallations)
        on(.POST, .apiSoftwareInstallations, .action(.manageInventory), doc: SoftwareAPIDocs.install, use: software.install)
        on(.DELETE, .apiSoftwareInstallation, .action(.manageInventory), doc: SoftwareAPIDocs.uninstall, use: software.uninstall)
        on(.GET, .apiLicences, .action(.readInventory), doc: SoftwareAPIDocs.listLicences, use: software.listLicences)
        on(.POST, .apiLicences, .action(.manageInventory), doc: SoftwareAPIDocs.createLicence, use: software.createLicence)
        on(.GET, .apiLicence, .action(.readInventory), doc: SoftwareAPIDocs.getLicence, use: software.getLicence)
        on(.PATCH, .apiLicence, .action(.manageInventory), doc: SoftwareAPIDocs.updateLicence, use: software.updateLicence)
        on(.POST, .apiLicenceReveal, .action(.revealLicenceKeys), doc: SoftwareAPIDocs.revealKey, use: software.revealKey)
        on(.GET, .apiLicenceAssignments, .action(.readInventory), doc: SoftwareAPIDocs.listAssignments, use: software.listAssignments)
        on(.POST, .apiLicenceAssignments, .action(.manageInventory), doc: SoftwareAPIDocs.assign, use: software.assign)
        on(.DELETE, .apiLicenceAssignment, .action(.manageInventory), doc: SoftwareAPIDocs.unassign, use: software.unassign)
        on(.GET, .apiEvaluations, .action(.readInventory), doc: EvaluationAPIDocs.list, use: evaluations.list)
        on(.POST, .apiEvaluations, .action(.manageInventory), doc: EvaluationAPIDocs.create, use: evaluations.create)
        on(.GET, .apiEvaluation, .action(.readInventory), doc: EvaluationAPIDocs.get, use: evaluations.get)
        on(.PATCH, .apiEvaluation, .action(.manageInventory), doc: EvaluationAPIDocs.update, use: evaluations.update)
        on(.POST, .apiEvaluationCriteria, .action(.manageInventory), doc: EvaluationAPIDocs.addCriterion, use: evaluations.addCriterion)
        on(.POST, .apiEvaluationCandidates, .action(.manageInventory), doc: EvaluationAPIDocs.addCandidate, use: evaluations.addCandidate)
        on(.PUT, .apiEvaluationScores, .action(.manageInventory), doc: EvaluationAPIDocs.setScores, use: evaluations.setScores)
        on(.POST, .apiEvaluationDecision, .action(.manageInventory), doc: EvaluationAPIDocs.decide, use: evaluations.decide)
        on(
            .DELETE, .apiEvaluationCriterion, .action(.manageInventory), doc: EvaluationAPIDocs.removeCriterion,
            use: evaluations.removeCriterion)
        on(
            .DELETE, .apiEvaluationCandidate, .action(.manageInventory), doc: EvaluationAPIDocs.removeCandidate,
            use: evaluations.removeCandidate)
        on(
            .POST, .apiLicencesImport, .action(.manageInventory), doc: SoftwareAPIDocs.importLicences,
            body: .collect(maxSize: Self.importLimit),
            use: licenceFiles.apiImport)
        on(.GET, .apiLicencesExport, .action(.readInventory), doc: SoftwareAPIDocs.exportLicences, use: licenceFiles.download)
        on(
            .POST, .apiSoftwareInstallationsImport, .action(.manageInventory), doc: SoftwareAPIDocs.importInstallations,
            body: .collect(maxSize: Self.importLimit), use: installationFiles.apiImport)
        on(
            .GET, .apiSoftwareInstallationsExport, .action(.readInventory), doc: SoftwareAPIDocs.exportInstallations,
            use: installationFiles.download)
    }
}
