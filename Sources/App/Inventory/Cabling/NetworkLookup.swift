import Domain
import Fluent
import Foundation
import Vapor

/// "What is at 10.1.2.3, and which cable leads to it?" — an IP address or a MAC address, answered with the address
/// record and its prefix, the interface it sits on, the device and its holder, and the cable path from there.
enum NetworkLookup {
    struct AddressFacts: Content {
        let id: UUID
        let address: String
        let prefixLength: Int?
        let status: String
        let dnsName: String?
        let description: String
        let interfaceId: UUID?
        let version: Int

        init(_ record: IPAddressRecord) {
            (id, address, prefixLength, status) = (record.id!, record.addressText, record.prefixLength, record.status)
            (dnsName, description, interfaceId, version) = (record.dnsName, record.description, record.interfaceID, record.version)
        }
    }

    struct Device: Content {
        let id: UUID
        let tag: String
        let name: String
        let model: String
        let status: AssetStatus
        let holder: String?
        let site: String?
        let rack: String?
    }

    struct Result: Content {
        let query: String
        let address: AddressFacts?
        /// The longest stored prefix containing the address.
        let prefix: String?
        let interface: InterfaceDTO?
        let device: Device?
        let trace: TraceDTO?
    }

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

    static let schema = JSONSchema.object(
        properties: [
            "query": .string(),
            "address": .nullable(
                .object(
                    properties: [
                        "id": .string(format: "uuid"), "address": .string(), "prefixLength": .nullable(.integer()), "status": .string(),
                        "dnsName": .nullable(.string()), "description": .string(), "interfaceId": .nullable(.string(format: "uuid")),
                        "version": .integer(minimum: 1),
                    ], required: ["id", "address", "status", "description", "version"])),
            "prefix": .nullable(.string()), "interface": .nullable(.ref("Interface")),
            "device": .nullable(
                .object(
                    properties: [
                        "id": .string(format: "uuid"), "tag": .string(), "name": .string(), "model": .string(),
                        "status": .string(enumeration: AssetStatus.allCases.map(\.rawValue)), "holder": .nullable(.string()),
                        "site": .nullable(.string()), "rack": .nullable(.string()),
                    ], required: ["id", "tag", "name", "model", "status"])), "trace": .nullable(.ref("Trace")),
        ], required: ["query"])
}
