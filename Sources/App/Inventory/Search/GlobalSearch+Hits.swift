import Domain
import Foundation
import Vapor

/// What a search answers: the assets, people, addresses and prefixes it found.
extension GlobalSearch {
    struct AssetHit: Content {
        let id: UUID
        let tag: String
        let name: String
        let model: String
        let type: AssetType
        let status: AssetStatus
        let holder: String?
        let site: String?
        let match: SearchMatch
        /// What matched, when it is not on the asset itself: the address, MAC, DNS name or holder.
        let matched: String?
    }

    struct PersonHit: Content {
        let id: UUID
        let employeeNumber: String
        let name: String
        let status: EmploymentStatus
        /// How many assets the person holds.
        let assets: Int
    }

    struct AddressHit: Content {
        let id: UUID
        let address: String
        let dnsName: String?
        let status: String
        let assetId: UUID?
    }

    struct PrefixHit: Content {
        let id: UUID
        let prefix: String
        let description: String
        let status: String
    }

    struct Result: Content {
        let query: String
        let assets: [AssetHit]
        /// Whether a fragment matched more assets than are listed.
        let moreAssets: Bool
        /// Nil when the searcher may not read the employee directory.
        let people: [PersonHit]?
        let addresses: [AddressHit]
        let prefixes: [PrefixHit]
    }
}
