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
