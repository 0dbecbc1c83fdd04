import Domain
import Fluent
import Foundation
import SQLKit

/// The keys that turn people into pseudonyms, one per period of days. Each is sealed under the installation's secret
/// key (`SecretBox`, a file outside the database), so the usage tables and `usage_keys` together still name no one
/// without it. A period is as long as the retention was when it began; the retention job deletes a key once its last
/// day has passed out of retention, and with it every way back from that period's pseudonyms.
struct PseudonymKeys: Sendable {
    struct Period: Sendable {
        let firstDay: Int
        let lastDay: Int
        let key: [UInt8]
    }

    static let table = "usage_keys"
    private(set) var periods: [Period]
    private let box: SecretBox

    static func load(box: SecretBox, on db: any Database) async throws -> PseudonymKeys {
        let sql = db.sql
        var periods: [Period] = []
        for row in try await sql.select().columns("id", "first_day", "last_day", "sealed_key").from(table).orderBy("first_day").all() {
            let id = try row.decode(column: "id", as: UUID.self)
            guard let first = CalendarDate(try row.decode(column: "first_day", as: String.self)),
                let last = CalendarDate(try row.decode(column: "last_day", as: String.self)),
                let key = Data(base64Encoded: try box.open(try row.decode(column: "sealed_key", as: String.self), boundTo: context(id)))
            else { throw SecretBox.Failure.cannotOpen }
            periods.append(Period(firstDay: first.daysSince1970, lastDay: last.daysSince1970, key: Array(key)))
        }
        return PseudonymKeys(periods: periods, box: box)
    }

    private static func context(_ id: UUID) -> String { "usage_key:\(id.uuidString)" }

    /// The period of `day`, if one has begun.
    func period(of day: Int) -> Int? {
        var low = 0
        var high = periods.count
        while low < high {
            let middle = (low + high) / 2
            if periods[middle].lastDay < day { low = middle + 1 } else { high = middle }
        }
        return low < periods.count && periods[low].firstDay <= day ? low : nil
    }

    /// The period of `day`, beginning one (and storing its sealed key) when there is none. Periods lie on a grid of
    /// `length` days from 1970, so days counted in any order fall into the same period; one that meets an older period
    /// (the retention changed) is cut short of it. Call inside the write that stores the day's aggregates.
    mutating func ensurePeriod(of day: Int, length: Int, now: Date, on db: any Database) async throws -> Int {
        if let existing = period(of: day) { return existing }
        let length = max(1, length)
        let gridStart = day - ((day % length) + length) % length
        let previous = periods.last { $0.lastDay < day }
        let next = periods.first { $0.firstDay > day }
        let period = Period(
            firstDay: max(gridStart, (previous?.lastDay ?? .min) + 1), lastDay: min(gridStart + length - 1, (next?.firstDay ?? .max) - 1),
            key: Pseudonym.newKey())
        let id = UUID()
        try await db.sql.insert(into: Self.table).columns("id", "first_day", "last_day", "sealed_key", "created_at")
            .values(
                SQLBind(id), SQLBind(CalendarDate(daysSince1970: period.firstDay).description),
                SQLBind(CalendarDate(daysSince1970: period.lastDay).description),
                SQLBind(try box.seal(Data(period.key).base64EncodedString(), boundTo: Self.context(id))), SQLBind(now)
            ).run()
        periods.append(period)
        periods.sort { $0.firstDay < $1.firstDay }
        return self.period(of: day)!
    }

    func pseudonym(of person: UUID, inPeriod index: Int) -> String {
        Pseudonym.of(person, key: periods[index].key)
    }
}
