import Domain
import Foundation
import Vapor

/// What a lookup answers: the address record, the device, and the schema of the answer.
extension NetworkLookup {
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
