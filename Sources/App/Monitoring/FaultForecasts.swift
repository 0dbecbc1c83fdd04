import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// A check's latest fault forecast: when its measured series will reach its limit, as the forecast job last fitted it.
final class CheckForecast: Model, @unchecked Sendable {
    static let schema = "check_forecasts"

    enum Metric: String, Sendable, CaseIterable {
        /// What the check measures against its thresholds: per cent used (SNMP), days a certificate has left.
        case value
        /// Response time in milliseconds.
        case response
    }

    @ID(custom: "id", generatedBy: .user) var id: UUID?
    @Field(key: "metric") var metricRaw: String
    @Field(key: "current") var current: Double
    @Field(key: "threshold") var threshold: Int
    @OptionalField(key: "crossing") var crossing: Date?
    @Field(key: "slope_per_day") var slopePerDay: Double
    @Field(key: "fit") var fit: Double
    @Field(key: "since") var since: Date
    @Field(key: "points") var points: Int
    @Field(key: "computed_at") var computedAt: Date

    init() {}

    var metric: Metric { Metric(rawValue: metricRaw) ?? .value }
}

/// The `checks.forecast` job: for every check with a limit, fits the trend of its hourly series over the last 30 days
/// (`FaultForecast`) and stores when it will reach the limit — disk usage from SNMP against its critical (else
/// warning) limit, days a certificate has left, response times. Runs every six hours; the pages read its table.
enum FaultForecastJob {
    static let job = "checks.forecast"
    static let days = 30

    /// The series a check is forecast on, its limit and which way is worse; nil for a check without a limit.
    static func series(of check: Check) -> (CheckForecast.Metric, Int, Thresholds.Direction)? {
        guard let limit = check.critical ?? check.warning else { return nil }
        switch check.kind {
        case .snmp: return (.value, limit, .above)
        case .tls: return (.value, limit, .below)
        case .http, .tcp, .icmp: return (.response, limit, .above)
        case .dns, .heartbeat: return nil
        }
    }

    @discardableResult
    static func run(app: Application, now: Date) async throws -> Int {
        let sql = app.db.sql
        let since = now.addingTimeInterval(-Double(days) * 86400)
        let checks = try await Check.query(on: app.db).filter(\.$enabled == true).all().filter { series(of: $0) != nil }
        var rows: [[BulkInsert.Value]] = []
        for chunk in stride(from: 0, to: checks.count, by: 200).map({ Array(checks[$0..<min($0 + 200, checks.count)]) }) {
            var points: [UUID: [(Date, Int?, Int?)]] = [:]
            for row in try await sql.select().columns("check_id", "hour", "avg_ms", "avg_value").from(CheckHour.schema)
                .where("check_id", .in, SQLBind.group(chunk.map { $0.id! })).where("hour", .greaterThanOrEqual, SQLBind(since))
                .orderBy("hour").all()
            {
                points[try row.decode(column: "check_id", as: UUID.self), default: []].append(
                    (
                        try row.decode(column: "hour", as: Date.self), try row.decode(column: "avg_ms", as: Int?.self),
                        try row.decode(column: "avg_value", as: Int?.self)
                    ))
            }
            for check in chunk {
                guard let (metric, limit, direction) = series(of: check) else { continue }
                let values = (points[check.id!] ?? []).compactMap { time, ms, value -> FaultForecast.Point? in
                    (metric == .response ? ms : value).map { FaultForecast.Point(time.addingTimeInterval(1800), Double($0)) }
                }
                guard let last = values.last, let prediction = FaultForecast.predict(values, threshold: Double(limit), direction: direction)
                else { continue }
                rows.append([
                    .uuid(check.id!), .text(metric.rawValue), .double(last.value), .int(limit), .date(prediction.crossing),
                    .double(prediction.slopePerDay), .double(prediction.fit), .date(prediction.since), .int(prediction.points), .date(now),
                ])
            }
        }
        let batch = rows
        try await app.write(appendsToAuditTrail: false) { db in
            try await CheckForecast.query(on: db).delete()
            guard !batch.isEmpty else { return }
            try await BulkInsert.rows(
                into: CheckForecast.schema,
                columns: ["id", "metric", "current", "threshold", "crossing", "slope_per_day", "fit", "since", "points", "computed_at"],
                batch,
                on: db)
        }
        return batch.count
    }
}

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
