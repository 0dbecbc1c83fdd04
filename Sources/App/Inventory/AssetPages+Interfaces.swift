import Domain
import Fluent
import Foundation
import Vapor

/// The network interfaces on an asset's page, with their addresses.
extension AssetPages {
    struct InterfaceRow: Encodable {
        let href: String
        let name: String
        let kind: String
        let mac: String
        let addresses: String
    }

    func interfaceRows(of assetID: UUID, _ req: Request) async throws -> [InterfaceRow] {
        let interfaces = try await NetworkInterface.query(on: req.db).filter(\.$assetID == assetID).sort(\.$name).all()
        let ids = interfaces.compactMap(\.id)
        var addresses: [UUID: [String]] = [:]
        if !ids.isEmpty {
            for record in try await IPAddressRecord.query(on: req.db).filter(\.$interfaceID ~~ ids).sort(\.$sortKey).all() {
                addresses[record.interfaceID!, default: []].append(record.addressText)
            }
        }
        return interfaces.map {
            InterfaceRow(
                href: Paths.networkInterface.path($0.id!), name: $0.name, kind: req.t($0.kind.labelKey), mac: $0.mac ?? "",
                addresses: (addresses[$0.id!] ?? []).joined(separator: ", "))
        }
    }
}
