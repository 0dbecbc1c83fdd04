import Domain
import Fluent
import Foundation
import Vapor

/// "What is at 10.1.2.3, and which cable leads to it?" — an IP address or a MAC address, answered with the address
/// record and its prefix, the interface it sits on, the device and its holder, and the cable path from there.
enum NetworkLookup {
    static func find(_ text: String, on db: any Database) async throws -> Result {
        let query = text.trimmingCharacters(in: .whitespaces)
        var record: IPAddressRecord?
        var prefix: String?
        var interface: NetworkInterface?
        if let address = IPAddress(query.split(separator: "/").first ?? "") {
            record = try await IPAddressRecord.query(on: db).filter(\.$sortKey == address.sortKey).first()
            prefix = try await IPAMService.parent(of: IPPrefix(containing: address, length: address.family.bitWidth), on: db)?.description
            interface = try await record?.interfaceID.asyncMap { try await NetworkInterface.find($0, on: db) } ?? nil
        } else if let mac = MACAddress(query) {
            interface = try await NetworkInterface.query(on: db).filter(\.$mac == mac.description).first()
            if let id = interface?.id { record = try await IPAddressRecord.query(on: db).filter(\.$interfaceID == id).first() }
        } else {
            throw ValidationFailure([FieldError(field: "q", code: .ipInvalid)])
        }
        var device: Device?
        if let assetID = interface?.assetID, let asset = try await Asset.find(assetID, on: db) {
            let lookups = try await AssetLookups.load(on: db)
            let holder = try await asset.assignedEmployeeID.asyncMap { try await Employee.find($0, on: db) } ?? nil
            let site = try await (asset.siteID ?? asset.assignedSiteID).asyncMap { try await Site.find($0, on: db) } ?? nil
            var rack: String?
            if let placement = try await RackPlacement.query(on: db).filter(\.$assetID == assetID).first(),
                let record = try await Rack.find(placement.rackID, on: db)
            {
                rack = "\(record.name) U\(placement.position)"
            }
            device = Device(
                id: assetID, tag: asset.tag, name: asset.name, model: lookups.modelName(asset.modelID), status: asset.status,
                holder: holder.map { "\($0.employeeNumber) \($0.fullName)" }, site: site?.name, rack: rack)
        }
        var interfaceDTO: InterfaceDTO?
        var trace: TraceDTO?
        if let interface {
            let labels = try await CablingService.labels([interface.id!], on: db)
            interfaceDTO = InterfaceDTO(interface, label: labels[interface.id!] ?? interface.name)
            trace = TraceDTO(try await CablingService.trace(from: interface.id!, on: db))
        }
        return Result(
            query: query, address: record.map(AddressFacts.init), prefix: prefix, interface: interfaceDTO, device: device, trace: trace)
    }
}
