import Domain
import Fluent
import Foundation
import Probes
import SQLKit
import Vapor

/// A check's raw results, a page at a time or since a moment (for the chart).
extension MonitorViews {
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

    /// One check's hourly aggregates since `start` as chart points, oldest first: the hour's average response time, and a
    /// problem when any result in the hour was one (critical when the check was down in it).
    static func hours(of id: UUID, since start: Date, on db: any Database) async throws -> [CheckResultDTO] {
        try await CheckHour.query(on: db).filter(\.$checkID == id).filter(\.$hour >= start).sort(\.$hour).all().map { hour in
            let status: CheckStatus = hour.downSeconds > 0 ? .critical : (hour.problems > 0 ? .warning : .ok)
            return CheckResultDTO(
                at: hour.hour, status: status, responseMs: hour.averageMilliseconds, value: hour.averageValue, problem: nil, detail: "")
        }
    }

    /// Each check's last `count` response times, oldest first, for the list's sparklines: one indexed read per check.
    static func recentTimes(of ids: [UUID], count: Int, on db: any Database) async throws -> [UUID: [Int]] {
        var times: [UUID: [Int]] = [:]
        for id in ids {
            let rows = try await db.sql.select().column("ms").from(CheckResultTable.name).where("check_id", .equal, SQLBind(id))
                .orderBy("at", .descending).limit(count).all()
            times[id] = try rows.compactMap { try $0.decode(column: "ms", as: Int?.self) }.reversed()
        }
        return times
    }

    private static func decodeResult(_ row: any SQLRow) throws -> CheckResultDTO {
        CheckResultDTO(
            at: try row.decode(column: "at", as: Date.self),
            status: CheckStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .unknown,
            responseMs: try row.decode(column: "ms", as: Int?.self), value: try row.decode(column: "value", as: Int?.self),
            problem: try row.decode(column: "problem", as: String?.self), detail: try row.decode(column: "detail", as: String.self))
    }
}
