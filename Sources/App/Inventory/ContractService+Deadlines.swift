import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The deadlines list: notice deadlines, contract ends and warranty ends within a number of days.
extension ContractService {
    // MARK: Deadlines

    struct Deadline: Sendable {
        enum Kind: String, CaseIterable, Sendable {
            /// The last day to give notice on an auto-renewing contract.
            case notice
            /// A contract that does not renew ends.
            case contractEnd = "contract_end"
            /// An asset in use leaves its warranty.
            case warrantyEnd = "warranty_end"
            /// A licence's term ends: it renews (and is paid again) or lapses.
            case licenceRenewal = "licence_renewal"

            var labelKey: String { "deadline.\(rawValue)" }
        }

        let date: CalendarDate
        let kind: Kind
        let subject: String
        let subjectID: UUID
        /// For contracts: the term end the deadline is about, and the decision recorded for it, if any.
        let termEnd: CalendarDate?
        let decision: ContractDecision?
        let daysLeft: Int
    }

    /// Everything due from `today` to `days` days ahead (and deadlines already passed within the last 30 days, which may
    /// still need action), soonest first.
    static func deadlines(on db: any Database, today: CalendarDate, days: Int) async throws -> [Deadline] {
        let horizon = today.adding(days: days)
        let from = today.adding(days: -30)
        var deadlines: [Deadline] = []
        for contract in try await Contract.query(on: db).all() {
            guard let term = contract.term else { continue }
            let kind: Deadline.Kind
            let date: CalendarDate?
            if term.autoRenews {
                (kind, date) = (.notice, term.noticeDeadline(on: today))
            } else {
                (kind, date) = (.contractEnd, term.currentEnd(on: today))
            }
            guard let date, date >= from, date <= horizon else { continue }
            let termEnd = term.endForNotice(on: today)
            let decision =
                contract.decisionForEnd == termEnd?.description ? contract.decision.flatMap(ContractDecision.init(rawValue:)) : nil
            deadlines.append(
                Deadline(
                    date: date, kind: kind, subject: contract.title, subjectID: contract.id!, termEnd: termEnd, decision: decision,
                    daysLeft: today.days(until: date)))
        }
        let inUse = [AssetStatus.inStock, .deployed, .inRepair].map(\.rawValue)
        let assets = try await Asset.query(on: db).filter(\.$statusRaw ~~ inUse)
            .filter(\.$warrantyEndText >= from.description).filter(\.$warrantyEndText <= horizon.description).all()
        let lookups = assets.isEmpty ? nil : try await AssetLookups.load(on: db)
        for asset in assets {
            guard let date = asset.warrantyEndText.flatMap(CalendarDate.init) else { continue }
            // "QM-000085 nb-85", or with the model where the asset has no name of its own.
            let what = asset.name.nilIfEmpty ?? lookups?.modelName(asset.modelID) ?? ""
            deadlines.append(
                Deadline(
                    date: date, kind: .warrantyEnd, subject: what.isEmpty ? asset.tag : "\(asset.tag) \(what)", subjectID: asset.id!,
                    termEnd: nil, decision: nil, daysLeft: today.days(until: date)))
        }
        let products = Dictionary(uniqueKeysWithValues: try await SoftwareProduct.query(on: db).all().map { ($0.id!, $0.label) })
        for licence in try await Licence.query(on: db).filter(\.$renewalDateText != nil).all() {
            guard let date = licence.term?.currentEnd(on: today), date >= from, date <= horizon else { continue }
            deadlines.append(
                Deadline(
                    date: date, kind: .licenceRenewal, subject: "\(products[licence.productID] ?? "") – \(licence.name)",
                    subjectID: licence.id!, termEnd: date, decision: nil, daysLeft: today.days(until: date)))
        }
        return deadlines.sorted { ($0.date, $0.subject) < ($1.date, $1.subject) }
    }
}
