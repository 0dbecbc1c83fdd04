import Fluent
import Foundation
import Vapor

/// A product's installations as the product page and the API list them.
enum SoftwareInstallations {
    /// A product's installations with their asset tags, by tag.
    static func of(_ product: UUID, on db: any Database) async throws -> [InstallationDTO] {
        let installs = try await SoftwareInstall.query(on: db).filter(\.$productID == product).all()
        let ids = installs.map(\.assetID)
        let assets = ids.isEmpty ? [] : try await Asset.query(on: db).filter(\.$id ~~ ids).all()
        let tags = Dictionary(uniqueKeysWithValues: assets.map { ($0.id!, $0.tag) })
        return installs.map { dto($0, tag: tags[$0.assetID] ?? "") }.sorted { $0.assetTag < $1.assetTag }
    }

    static func dto(_ install: SoftwareInstall, tag: String) -> InstallationDTO {
        InstallationDTO(
            id: install.id!, productId: install.productID, assetId: install.assetID, assetTag: tag, productVersion: install.productVersion,
            installedOn: install.installedOnText, source: install.source)
    }
}
