import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The risk list: what will fail, soonest first — checks whose trend reaches their limit, assets whose warranty ends
/// and models that reach their end of life within the horizon.
struct RiskList: Sendable {
    enum Kind: String, Sendable {
        case trend, warranty, endOfLife = "end_of_life"
        var labelKey: String { "risk.kind.\(rawValue)" }
    }

    struct Risk: Sendable {
        let kind: Kind
        let title: String
        let href: String
        let when: Date
        /// Check trends: the metric and its unit's catalogue key, its latest value, the limit and the change per day.
        let metric: CheckForecast.Metric?
        var unitKey: String? = nil
        let current: Double?
        let threshold: Int?
        let slopePerDay: Double?
        let fit: Double?
        /// Models: how many assets in use have it.
        let assets: Int?
    }

    static let horizonDays = 90

    static func unitKey(_ check: Check, _ metric: CheckForecast.Metric) -> String {
        if metric == .response { return "risk.unit.ms" }
        if check.kind == .tls { return "risk.unit.days" }
        return (check.settings.oids?.count ?? 0) == 2 ? "risk.unit.percent" : "risk.unit.value"
    }

    let risks: [Risk]

    static func build(now: Date, zone: TimeZone, limit: Int, on db: any Database) async throws -> RiskList {
        let horizon = now.addingTimeInterval(Double(horizonDays) * 86400)
        var risks: [Risk] = []
        let forecasts = try await CheckForecast.query(on: db).filter(\.$crossing <= horizon).sort(\.$crossing).limit(limit).all()
        let checks = Dictionary(
            uniqueKeysWithValues: try await Check.query(on: db).filter(\.$id ~~ forecasts.map { $0.id! }).all().map { ($0.id!, $0) })
        let assets = try await CheckAssets.of(Array(checks.values), on: db)
        for forecast in forecasts {
            guard let check = checks[forecast.id!], let crossing = forecast.crossing else { continue }
            let subject = AlertRouter.subject(of: check, asset: check.assetID.flatMap { assets[$0] })
            risks.append(
                Risk(
                    kind: .trend, title: "\(check.name) · \(subject)", href: Paths.check.path(check.id!), when: crossing,
                    metric: forecast.metric,
                    unitKey: Self.unitKey(check, forecast.metric), current: forecast.current, threshold: forecast.threshold,
                    slopePerDay: forecast.slopePerDay, fit: forecast.fit, assets: nil))
        }
        // Inventory dates are local calendar dates, stored as text that sorts.
        let today = CalendarDate(now, in: zone)
        let last = today.adding(days: horizonDays).description
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        func start(_ text: String) -> Date? {
            CalendarDate(text).flatMap { calendar.date(from: DateComponents(year: $0.year, month: $0.month, day: $0.day)) }
        }
        let retired = [AssetStatus.retired.rawValue, AssetStatus.disposed.rawValue]
        let ending = try await Asset.query(on: db).filter(\.$warrantyEndText >= today.description).filter(\.$warrantyEndText <= last)
            .filter(\.$statusRaw !~ retired).sort(\.$warrantyEndText).limit(limit).all()
        // An asset without a name of its own is known by its model ("HW-0042 Dell Latitude 5440"), never a bare tag.
        let modelIDs = Array(Set(ending.map(\.modelID)))
        let modelNames = Dictionary(
            uniqueKeysWithValues: try await AssetModel.query(on: db).filter(\.$id ~~ modelIDs).all().map { ($0.id!, $0.name) })
        for asset in ending {
            guard let text = asset.warrantyEndText, let when = start(text) else { continue }
            let name = asset.name.nilIfEmpty ?? modelNames[asset.modelID] ?? ""
            risks.append(
                Risk(
                    kind: .warranty, title: [asset.tag, name].filter { !$0.isEmpty }.joined(separator: " "),
                    href: Paths.hardwareAsset.path(asset.id!), when: when, metric: nil, current: nil, threshold: nil, slopePerDay: nil,
                    fit: nil, assets: nil))
        }
        let models = try await AssetModel.query(on: db).filter(\.$endOfLifeText >= today.description).filter(\.$endOfLifeText <= last)
            .sort(\.$endOfLifeText).limit(limit).all()
        for model in models {
            guard let text = model.endOfLifeText, let when = start(text) else { continue }
            let inUse = try await Asset.query(on: db).filter(\.$modelID == model.id!).filter(\.$statusRaw !~ retired).count()
            guard inUse > 0 else { continue }
            risks.append(
                Risk(
                    kind: .endOfLife, title: model.name, href: Paths.hardwareModels.path, when: when, metric: nil, current: nil,
                    threshold: nil,
                    slopePerDay: nil, fit: nil, assets: inUse))
        }
        return RiskList(risks: Array(risks.sorted { $0.when < $1.when }.prefix(limit)))
    }
}
