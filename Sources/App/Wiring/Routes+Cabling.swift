import Domain
import Vapor

extension Application {
    /// Inventory: racks, patch panels, cables and the telephone numbering plan.
    func registerCablingRoutes() {
        let cablingPages = CablingPages()
        let cabling = CablingAPIController()
        let numbering = NumberingPages()
        let numberingAPI = NumberingAPIController()

        // Pages
        on(.GET, .networkLookup, .action(.readInventory), use: cablingPages.lookup)
        on(.GET, .networkCables, .action(.readInventory), use: cablingPages.cables)
        on(.POST, .networkCables, .action(.manageInventory), use: cablingPages.addCable)
        on(.POST, .networkCableRemove, .action(.manageInventory), use: cablingPages.removeCable)
        on(.POST, .networkWallPorts, .action(.manageInventory), use: cablingPages.addWallPort)
        on(.GET, .networkInterface, .action(.readInventory), use: cablingPages.interface)
        on(.POST, .networkInterfaceCable, .action(.manageInventory), use: cablingPages.connect)
        on(.POST, .networkInterfaceAddress, .action(.manageInventory), use: cablingPages.configureAddress)
        on(.POST, .hardwareAssetInterfaces, .action(.manageInventory), use: cablingPages.addInterface)
        on(.GET, .networkRacks, .action(.readInventory), use: cablingPages.racks)
        on(.POST, .networkRacks, .action(.manageInventory), use: cablingPages.addRack)
        on(.GET, .networkRack, .action(.readInventory), use: cablingPages.rack)
        on(.POST, .networkRackPlacements, .action(.manageInventory), use: cablingPages.place)
        on(.POST, .networkRackPlacementRemove, .action(.manageInventory), use: cablingPages.unplace)
        on(.GET, .networkNumbering, .action(.readInventory), use: numbering.page)
        on(.POST, .networkNumberingVLANs, .action(.manageInventory), use: numbering.addVLAN)
        on(.POST, .networkNumberingPhones, .action(.manageInventory), use: numbering.addNumber)

        // JSON API
        on(.GET, .apiInterfaces, .action(.readInventory), doc: CablingAPIDocs.listInterfaces, use: cabling.listInterfaces)
        on(.POST, .apiInterfaces, .action(.manageInventory), doc: CablingAPIDocs.createInterface, use: cabling.createInterface)
        on(.GET, .apiInterface, .action(.readInventory), doc: CablingAPIDocs.getInterface, use: cabling.getInterface)
        on(.GET, .apiInterfaceTrace, .action(.readInventory), doc: CablingAPIDocs.trace, use: cabling.trace)
        on(.GET, .apiCables, .action(.readInventory), doc: CablingAPIDocs.listCables, use: cabling.listCables)
        on(.POST, .apiCables, .action(.manageInventory), doc: CablingAPIDocs.createCable, use: cabling.createCable)
        on(.DELETE, .apiCable, .action(.manageInventory), doc: CablingAPIDocs.removeCable, use: cabling.removeCable)
        on(.PUT, .apiIPAddressInterface, .action(.manageInventory), doc: CablingAPIDocs.configureAddress, use: cabling.configureAddress)
        on(.GET, .apiNetworkLookup, .action(.readInventory), doc: CablingAPIDocs.lookup, use: cabling.lookup)
        on(.GET, .apiRacks, .action(.readInventory), doc: CablingAPIDocs.listRacks, use: cabling.listRacks)
        on(.POST, .apiRacks, .action(.manageInventory), doc: CablingAPIDocs.createRack, use: cabling.createRack)
        on(.GET, .apiRack, .action(.readInventory), doc: CablingAPIDocs.getRack, use: cabling.getRack)
        on(.POST, .apiRackPlacements, .action(.manageInventory), doc: CablingAPIDocs.place, use: cabling.place)
        on(.DELETE, .apiRackPlacement, .action(.manageInventory), doc: CablingAPIDocs.unplace, use: cabling.unplace)
        on(.GET, .apiVLANs, .action(.readInventory), doc: NumberingAPIDocs.listVLANs, use: numberingAPI.listVLANs)
        on(.POST, .apiVLANs, .action(.manageInventory), doc: NumberingAPIDocs.createVLAN, use: numberingAPI.createVLAN)
        on(.GET, .apiTelephoneNumbers, .action(.readInventory), doc: NumberingAPIDocs.listNumbers, use: numberingAPI.listNumbers)
        on(.POST, .apiTelephoneNumbers, .action(.manageInventory), doc: NumberingAPIDocs.createNumber, use: numberingAPI.createNumber)
    }
}
