import Domain
import Fluent
import Foundation
import Probes
import SQLKit
import Vapor

/// The reads the pages and the API share.
enum MonitorViews {
    /// A page of checks by name with their states, filtered by asset, latest status, kind or a name fragment.
    static func checkPage(
        on db: any Database, assetID: UUID?, status: CheckStatus?, kind: String?, text: String?, limit: Int, offset: Int
    ) async throws -> ([Check], [UUID: CheckStateRecord], Int) {
        var query = Check.query(on: db)
        if let assetID { query = query.filter(\.$assetID == assetID) }
        if let kind { query = query.filter(\.$kindRaw == kind) }
        if let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            query = query.group(.or) { $0.filter(\.$name ~~ text).filter(\.$target ~~ text).filter(\.$service ~~ text) }
        }
        if let status {
            // As a subquery, not a join: the database walks the checks by name and looks each state up, and stops at the
            // page's end, where with a join it sorted every check in the status first (4× slower at 12,000).
            query = query.filter(
                .sql(
                    embed: """
                        EXISTS (SELECT 1 FROM \(ident: CheckStateRecord.schema) s WHERE s.id = \(ident: Check.schema).id \
                        AND s.status = \(bind: status.rawValue))
                        """))
        }
        let total = try await query.count()
        let checks = try await query.sort(\.$name).sort(\.$id).range(offset..<(offset + limit)).all()
        return (checks, try await states(checks.map { $0.id! }, on: db), total)
    }

    /// The states of `ids` (the command line lists every check).
    static func states(_ ids: [UUID], on db: any Database) async throws -> [UUID: CheckStateRecord] {
        var states: [UUID: CheckStateRecord] = [:]
        for chunk in ids.boundChunks() {
            for state in try await CheckStateRecord.query(on: db).filter(\.$id ~~ chunk).all() {
                states[state.id!] = state
            }
        }
        return states
    }

    /// How many checks are in each status now.
    static func statusCounts(on db: any Database) async throws -> [CheckStatus: Int] {
        let rows = try await db.sql.select().column("status").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(CheckStateRecord.schema).groupBy("status").all()
        var counts: [CheckStatus: Int] = [:]
        for row in rows {
            if let status = CheckStatus(rawValue: try row.decode(column: "status", as: String.self)) {
                counts[status] = try row.decode(column: "n", as: Int.self)
            }
        }
        return counts
    }

    static func results(of id: UUID, limit: Int, offset: Int, on db: any Database) async throws -> ([CheckResultDTO], Int) {
        let sql = db.sql
        let total =
            try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(CheckResultTable.name)
            .where("check_id", .equal, SQLBind(id)).first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await sql.select().columns("at", "status", "ms", "value", "problem", "detail").from(CheckResultTable.name)
            .where("check_id", .equal, SQLBind(id)).orderBy("at", .descending).limit(limit).offset(offset).all()
        return (try rows.map(decodeResult), total)
    }

    /// The results of one check since `start`, oldest first (for the chart).
    static func results(of id: UUID, since start: Date, on db: any Database) async throws -> [CheckResultDTO] {
        let rows = try await db.sql.select().columns("at", "status", "ms", "value", "problem", "detail")
            .from(CheckResultTable.name).where("check_id", .equal, SQLBind(id)).where("at", .greaterThanOrEqual, SQLBind(start))
            .orderBy("at").limit(20_000).all()
        return try rows.map(decodeResult)
    }

    private static func decodeResult(_ row: any SQLRow) throws -> CheckResultDTO {
        CheckResultDTO(
            at: try row.decode(column: "at", as: Date.self),
            status: CheckStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .unknown,
            responseMs: try row.decode(column: "ms", as: Int?.self), value: try row.decode(column: "value", as: Int?.self),
            problem: try row.decode(column: "problem", as: String?.self), detail: try row.decode(column: "detail", as: String.self))
    }

    static func alertDTOs(_ alerts: [Alert], on db: any Database) async throws -> [AlertDTO] {
        let ids = alerts.map { $0.id! }
        let events = try await AlertEvent.query(on: db).filter(\.$alertID ~~ ids).sort(\.$at).all()
        let names = Dictionary(
            uniqueKeysWithValues: try await Check.query(on: db).filter(\.$id ~~ Set(alerts.map(\.checkID))).all().map { ($0.id!, $0.name) })
        let byAlert = Dictionary(grouping: events, by: \.alertID)
        return alerts.map { AlertDTO($0, checkName: names[$0.checkID] ?? "", events: byAlert[$0.id!] ?? []) }
    }

    /// The address a job calls: from the public address in the notification settings, else from this request's host.
    static func heartbeatURL(_ token: String, _ req: Request) async throws -> String {
        try await publicURL(Paths.heartbeat.rawValue.replacingOccurrences(of: ":token", with: token), req)
    }

    /// A link that works outside a browser session (a cron job, a calendar application): from the public address
    /// in the notification settings, else from this request's host.
    static func publicURL(_ path: String, _ req: Request) async throws -> String {
        let settings = try await NotificationSettings.current(on: req.db)
        if let link = settings.link(path) { return link }
        let host = req.headers.first(name: .host) ?? "\(req.application.services.config.hostname):\(req.application.services.config.port)"
        return "http://\(host)\(path)"
    }
}

/// A response-time chart as SVG coordinates: a line through the results' times and, under it, the stretches where
/// the check was in a problem. Drawn on the server, so the page needs no script.
struct ResponseChart: Encodable {
    struct Band: Encodable {
        let x: Int
        let width: Int
        let status: String
    }

    struct Tick: Encodable {
        let y: Int
        let label: String
    }

    let width: Int
    let height: Int
    /// The plot's right edge, the bands' height and the time labels' baseline.
    let right: Int
    let bandHeight: Int
    let labelY: Int
    let points: String
    let bands: [Band]
    let ticks: [Tick]
    let startLabel: String
    let endLabel: String
    let empty: Bool

    static let plotLeft = 48

    init(_ results: [CheckResultDTO], from start: Date, to end: Date, label: (Date) -> String, number: (Int) -> String) {
        (width, height) = (720, 180)
        (right, bandHeight, labelY) = (720 - 8, 180 - 24, 180 - 4)
        let plotWidth = Double(width - Self.plotLeft - 8)
        let plotHeight = Double(height - 24)
        let span = max(end.timeIntervalSince(start), 1)
        let timed = results.compactMap { result in result.responseMs.map { (result.at, $0) } }
        let top = max(10, Self.roundUp(timed.map(\.1).max() ?? 10))
        let x = { (date: Date) in Self.plotLeft + Int((date.timeIntervalSince(start) / span * plotWidth).rounded()) }
        let y = { (value: Int) in 8 + Int((plotHeight - Double(value) / Double(top) * plotHeight).rounded()) }
        points = timed.map { "\(x($0.0)),\(y($0.1))" }.joined(separator: " ")
        var bands: [Band] = []
        for (index, result) in results.enumerated() where result.status.isProblem {
            let next = index + 1 < results.count ? results[index + 1].at : end
            let left = x(result.at)
            bands.append(Band(x: left, width: max(1, x(next) - left), status: result.status.rawValue))
        }
        self.bands = bands
        ticks = [0, top / 2, top].map { Tick(y: y($0), label: number($0)) }
        (startLabel, endLabel, empty) = (label(start), label(end), results.isEmpty)
    }

    /// 1, 2 or 5 times a power of ten, at least `value`.
    static func roundUp(_ value: Int) -> Int {
        var scale = 1
        while true {
            for step in [1, 2, 5] where step * scale >= value { return step * scale }
            scale *= 10
        }
    }
}
