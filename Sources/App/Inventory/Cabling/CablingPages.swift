import Domain
import Fluent
import Foundation
import Vapor

/// The physical network's pages: the address lookup, cables and wall ports, an interface with its path, and racks with
/// their elevation.
struct CablingPages: Sendable {

    func service(_ req: Request) -> CablingService { CablingService(app: req.application, actor: req.auditActor) }

    /// A traced path as table rows.
    struct HopRow: Encodable {
        let from: String
        let fromHref: String
        let cable: String
        let details: String
        let to: String
        let toHref: String
    }

    /// A cable's colour in the reader's language when it is one of the standard ones, else as typed.
    static func colour(_ text: String, _ req: Request) -> String? {
        CableColour(rawValue: text).map { req.t($0.labelKey) } ?? text.nilIfEmpty
    }

    static func rows(_ path: CablingService.TracedPath, _ req: Request) -> [HopRow] {
        path.hops.map { hop in
            let side = { (side: CableSide) in side == .port ? "" : " (\(req.t("cable.side.\(side.rawValue)")))" }
            let details = [
                req.t(hop.cable.kind.labelKey),
                hop.cable.lengthCentimetres.map { req.t("cable.length_m", ["metres": Self.metres($0, req)]) },
                Self.colour(hop.cable.colour, req),
            ].compactMap { $0 }.joined(separator: ", ")
            return HopRow(
                from: (path.labels[hop.from.id!] ?? "") + side(hop.fromSide), fromHref: Paths.networkInterface.path(hop.from.id!),
                cable: hop.cable.label, details: details, to: (path.labels[hop.to.id!] ?? "") + side(hop.toSide),
                toHref: Paths.networkInterface.path(hop.to.id!))
        }
    }

    static func metres(_ centimetres: Int, _ req: Request) -> String { req.services.localizer.hundredths(centimetres, req.language) }

    static func endText(_ path: CablingService.TracedPath, _ req: Request) -> String {
        switch path.end {
        case .interface(let id): req.t("trace.ends_at", ["interface": path.labels[id] ?? ""])
        case .open(let endpoint):
            path.hops.isEmpty ? req.t("trace.not_cabled") : req.t("trace.open", ["interface": path.labels[endpoint.interface] ?? ""])
        case .loop: req.t("trace.loop")
        }
    }
}
