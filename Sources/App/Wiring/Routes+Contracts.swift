import Domain
import Vapor

extension Application {
    /// Inventory: vendors, contracts and their deadlines.
    func registerContractsRoutes() {
        let contractPages = ContractPages()
        let contracts = ContractAPIController()
        let deadlines = DeadlinePages()

        // Pages
        on(.GET, .vendors, .action(.readInventory), use: contractPages.vendors)
        on(.POST, .vendors, .action(.manageInventory), use: contractPages.saveVendor)
        on(.GET, .vendor, .action(.manageInventory), use: contractPages.editVendor)
        on(.POST, .vendor, .action(.manageInventory), use: contractPages.saveVendor)
        on(.GET, .contracts, .action(.readInventory), use: contractPages.list)
        on(.POST, .contracts, .action(.manageInventory), use: contractPages.save)
        on(.GET, .contractNew, .action(.manageInventory), use: contractPages.new)
        on(.GET, .contract, .action(.readInventory), use: contractPages.detail)
        on(.POST, .contract, .action(.manageInventory), use: contractPages.save)
        on(.GET, .contractEdit, .action(.manageInventory), use: contractPages.edit)
        on(.POST, .contractDecision, .action(.manageInventory), use: contractPages.decide)
        on(.GET, .deadlines, .action(.readInventory), use: deadlines.page)

        // JSON API
        on(.GET, .apiVendors, .action(.readInventory), doc: ContractAPIDocs.listVendors, use: contracts.listVendors)
        on(.POST, .apiVendors, .action(.manageInventory), doc: ContractAPIDocs.createVendor, use: contracts.createVendor)
        on(.GET, .apiVendor, .action(.readInventory), doc: ContractAPIDocs.getVendor, use: contracts.getVendor)
        on(.PATCH, .apiVendor, .action(.manageInventory), doc: ContractAPIDocs.updateVendor, use: contracts.updateVendor)
        on(.GET, .apiContracts, .action(.readInventory), doc: ContractAPIDocs.listContracts, use: contracts.listContracts)
        on(.POST, .apiContracts, .action(.manageInventory), doc: ContractAPIDocs.createContract, use: contracts.createContract)
        on(.GET, .apiContract, .action(.readInventory), doc: ContractAPIDocs.getContract, use: contracts.getContract)
        on(.PATCH, .apiContract, .action(.manageInventory), doc: ContractAPIDocs.updateContract, use: contracts.updateContract)
        on(.POST, .apiContractDecision, .action(.manageInventory), doc: ContractAPIDocs.decide, use: contracts.decide)
        on(.GET, .apiDeadlines, .action(.readInventory), doc: ContractAPIDocs.deadlines, use: contracts.deadlines)
    }
}
