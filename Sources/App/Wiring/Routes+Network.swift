import Domain
import Vapor

extension Application {
    /// Inventory: IP prefixes and addresses.
    func registerNetworkRoutes() {
        let transfer = FileTransfer()
        let addressFiles = transfer.handlers(TransferTable.addresses)
        let ipam = IPAMAPIController()
        let network = NetworkPages()

        // Pages
        on(.GET, .network, .action(.readInventory), use: network.prefixes)
        on(.POST, .network, .action(.manageInventory), use: network.createPrefix)
        on(.GET, .networkPrefix, .action(.readInventory), use: network.prefix)
        on(.POST, .networkPrefix, .action(.manageInventory), use: network.updatePrefix)
        on(.POST, .networkPrefixRemove, .action(.manageInventory), use: network.removePrefix)
        on(.POST, .networkPrefixAddresses, .action(.manageInventory), use: network.createAddress)
        on(.GET, .networkAddress, .action(.readInventory), use: network.address)
        on(.POST, .networkAddress, .action(.manageInventory), use: network.updateAddress)
        on(.POST, .networkAddressRemove, .action(.manageInventory), use: network.removeAddress)
        on(.GET, .networkAddressesImport, .action(.manageInventory), use: addressFiles.page)
        on(.POST, .networkAddressesImport, .action(.manageInventory), body: .collect(maxSize: Self.importLimit), use: addressFiles.upload)
        on(.GET, .networkAddressesExport, .action(.readInventory), use: addressFiles.download)

        // JSON API
        on(.GET, .apiIPPrefixes, .action(.readInventory), doc: IPAMAPIDocs.listPrefixes, use: ipam.listPrefixes)
        on(.POST, .apiIPPrefixes, .action(.manageInventory), doc: IPAMAPIDocs.createPrefix, use: ipam.createPrefix)
        on(.GET, .apiIPPrefix, .action(.readInventory), doc: IPAMAPIDocs.getPrefix, use: ipam.getPrefix)
        on(.PATCH, .apiIPPrefix, .action(.manageInventory), doc: IPAMAPIDocs.updatePrefix, use: ipam.updatePrefix)
        on(.DELETE, .apiIPPrefix, .action(.manageInventory), doc: IPAMAPIDocs.deletePrefix, use: ipam.deletePrefix)
        on(.GET, .apiIPPrefixNextFree, .action(.readInventory), doc: IPAMAPIDocs.nextFree, use: ipam.nextFree)
        on(.GET, .apiIPAddresses, .action(.readInventory), doc: IPAMAPIDocs.listAddresses, use: ipam.listAddresses)
        on(.POST, .apiIPAddresses, .action(.manageInventory), doc: IPAMAPIDocs.createAddress, use: ipam.createAddress)
        on(.GET, .apiIPAddress, .action(.readInventory), doc: IPAMAPIDocs.getAddress, use: ipam.getAddress)
        on(.PATCH, .apiIPAddress, .action(.manageInventory), doc: IPAMAPIDocs.updateAddress, use: ipam.updateAddress)
        on(.DELETE, .apiIPAddress, .action(.manageInventory), doc: IPAMAPIDocs.deleteAddress, use: ipam.deleteAddress)
        on(
            .POST, .apiIPAddressesImport, .action(.manageInventory), doc: IPAMAPIDocs.importAddresses,
            body: .collect(maxSize: Self.importLimit),
            use: addressFiles.apiImport)
        on(.GET, .apiIPAddressesExport, .action(.readInventory), doc: IPAMAPIDocs.exportAddresses, use: addressFiles.download)
    }
}
