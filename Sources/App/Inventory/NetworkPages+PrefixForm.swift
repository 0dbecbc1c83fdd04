import Domain
import Fluent
import Foundation
import Vapor

/// The prefix form, on the prefix list and on a prefix's own page, with its select lists.
extension NetworkPages {
    struct PrefixForm: Content {
        var prefix = ""
        var status = IPStatus.active.rawValue
        var siteId = ""
        var vlanId = ""
        var description = ""
        var version: Int?

        init() {}

        init(_ record: IPPrefixRecord) {
            (prefix, status, description, version) = (record.prefixText, record.status, record.description, record.version)
            (siteId, vlanId) = (record.siteID?.uuidString ?? "", record.vlanID?.uuidString ?? "")
        }

        init(from decoder: any Decoder) throws {
            let form = try FormFields(decoder)
            (prefix, status, description, version) = (form["prefix"], form["status"], form["description"], form.version)
            (siteId, vlanId) = (form["siteId"], form["vlanId"])
        }

        var input: IPAMService.PrefixInput {
            .init(
                prefix: prefix, status: status, siteID: UUID(uuidString: siteId), vlanID: UUID(uuidString: vlanId), description: description
            )
        }
    }

    /// The select lists of the prefix form: statuses, sites and VLANs (by site, then id).
    struct PrefixChoices: Encodable {
        let statuses: [Choice]
        let sites: [Choice]
        let vlans: [Choice]

        init(_ req: Request, _ form: PrefixForm, places: StructureNames) async throws {
            statuses = NetworkPages.statusChoices(req, selected: form.status)
            sites = places.siteChoices(selected: UUID(uuidString: form.siteId))
            vlans = try await VLAN.query(on: req.db).all()
                .map { (site: places.sites[$0.siteID] ?? "", vlan: $0) }.sorted { ($0.site, $0.vlan.vid) < ($1.site, $1.vlan.vid) }
                .map {
                    Choice(
                        value: $0.vlan.id!.uuidString, label: "\($0.site) · \($0.vlan.vid) \($0.vlan.name)",
                        selected: $0.vlan.id!.uuidString == form.vlanId)
                }
        }
    }
}
