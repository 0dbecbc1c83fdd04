import Foundation
import Testing

@testable import Domain

@Suite("Fault forecasts and availability: trends to a threshold through noise and steps, SLA, MTTR and MTBF")
struct FaultForecastTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    func day(_ days: Double) -> Date { start.addingTimeInterval(days * 86400) }

    /// Hourly readings over `days` days.
    func series(days: Int, _ value: (Double) -> Double) -> [FaultForecast.Point] {
        (0..<(days * 24)).map { hour in
            let t = Double(hour) / 24
            return FaultForecast.Point(day(t), value(t))
        }
    }

    /// Deterministic noise in −amplitude … amplitude.
    func noise(_ t: Double, _ amplitude: Double) -> Double { amplitude * sin(t * 37.1) * cos(t * 11.3) }

    @Test("A disk growing half a per cent a day from 50 % reaches 90 % on day 80")
    func linear() throws {
        let prediction = try #require(FaultForecast.predict(series(days: 30) { 50 + 0.5 * $0 }, threshold: 90, direction: .above))
        #expect(abs(prediction.crossing.timeIntervalSince(day(80))) < 3600, "\(prediction)")
        #expect(abs(prediction.slopePerDay - 0.5) < 1e-9 && prediction.fit > 0.999 && prediction.since == start)
    }

    @Test("Through noise of ±3 points the crossing is found within three days")
    func noisy() throws {
        let prediction = try #require(
            FaultForecast.predict(series(days: 30) { 50 + 0.5 * $0 + noise($0, 3) }, threshold: 90, direction: .above))
        #expect(abs(prediction.crossing.timeIntervalSince(day(80))) < 3 * 86400, "\(prediction.crossing)")
        #expect(prediction.since == start, "noise is not a step")
    }

    @Test("After a step (a volume restored full), the trend is the one since the step")
    func step() throws {
        // Flat at 40 % for 20 days, then 70 % growing 1 % a day: 90 % is reached 20 days after the step.
        let values = series(days: 30) { $0 < 20 ? 40 + noise($0, 0.5) : 70 + ($0 - 20) + noise($0, 0.5) }
        let prediction = try #require(FaultForecast.predict(values, threshold: 90, direction: .above))
        #expect(abs(prediction.crossing.timeIntervalSince(day(40))) < 86400, "\(prediction)")
        #expect(abs(prediction.since.timeIntervalSince(day(20))) < 3 * 3600, "\(prediction.since)")
        #expect(abs(prediction.slopePerDay - 1) < 0.05)
    }

    @Test("Days to a certificate's expiry fall towards the lower threshold; flat and receding series have no crossing")
    func directions() throws {
        let expiry = try #require(FaultForecast.predict(series(days: 10) { 60 - $0 }, threshold: 7, direction: .below))
        #expect(abs(expiry.crossing.timeIntervalSince(day(53))) < 3600)
        #expect(FaultForecast.predict(series(days: 10) { _ in 50 }, threshold: 90, direction: .above) == nil)
        #expect(FaultForecast.predict(series(days: 10) { 80 - $0 }, threshold: 90, direction: .above) == nil)
        #expect(FaultForecast.predict(Array(series(days: 1) { $0 }.prefix(5)), threshold: 90, direction: .above) == nil)
        // Already beyond it: the crossing is now.
        let over = try #require(FaultForecast.predict(series(days: 2) { 95 + $0 }, threshold: 90, direction: .above))
        #expect(over.crossing == series(days: 2) { $0 }.last!.time)
    }

    @Test("Availability: up and down time, incidents clipped to the period, SLA in basis points, MTTR and MTBF")
    func availability() {
        let period = DateInterval(start: day(0), end: day(30))
        let report = Availability(
            changes: [(day(10), true), (day(10.5), false), (day(20), true), (day(21), false), (day(29.5), true)], downAtStart: false,
            period: period)
        #expect(abs(report.downSeconds - 2 * 86400) < 0.01 && abs(report.upSeconds - 28 * 86400) < 0.01)
        #expect(report.incidents.count == 3 && report.incidents.last == DateInterval(start: day(29.5), end: day(30)))
        #expect(report.slaBasisPoints == 9333)
        #expect(abs((report.meanTimeToRepair ?? 0) - 0.75 * 86400) < 0.01)  // the two incidents that ended: half a day and a day
        #expect(abs((report.meanTimeBetweenFailures ?? 0) - 28 * 86400 / 3) < 0.01)
        // A change before the period sets its first state; maintenance is left out of both sides.
        let planned = Availability(
            changes: [(day(-1), true), (day(1), false)], downAtStart: false, period: period,
            excluded: [DateInterval(start: day(0), end: day(0.5))])
        #expect(abs(planned.downSeconds - 0.5 * 86400) < 0.01 && abs(planned.upSeconds - 29 * 86400) < 0.01)
        // The incident began before the period: it ended inside it (a day, half of it maintenance), but no failure began.
        #expect(planned.meanTimeBetweenFailures == nil && abs((planned.meanTimeToRepair ?? 0) - 86400) < 0.01)
        #expect(Availability(changes: [], downAtStart: false, period: period).slaBasisPoints == 10_000)
        #expect(Availability(changes: [], downAtStart: true, period: period).slaBasisPoints == 0)
    }

    @Test(
        "Hourly aggregates: counts, problems, response times, measured values, and up and down seconds split at hour boundaries, gaps left out"
    )
    func hourly() {
        let hour = Date(timeIntervalSince1970: 1_800_000_000 - 1_800_000_000.truncatingRemainder(dividingBy: 3600))
        // A result a minute for two and a half hours, down from 0:50 to 1:10, and silent from 2:00 to 2:20.
        var samples: [HourlyAggregation.Sample] = []
        for minute in 0..<150 where !(120..<140).contains(minute) {
            let down = (50..<70).contains(minute)
            // A disk filling a point every ten minutes, read at every result.
            samples.append(
                .init(
                    hour.addingTimeInterval(Double(minute) * 60), milliseconds: down ? nil : 10 + minute % 5, value: 50 + minute / 10,
                    down: down))
        }
        let hours = HourlyAggregation.hours(samples, until: hour.addingTimeInterval(3 * 3600), maximumGap: 120)
        #expect(hours.count == 3 && hours.map(\.start) == [0, 1, 2].map { hour.addingTimeInterval(Double($0) * 3600) })
        #expect(hours.map(\.count) == [60, 60, 10] && hours.map(\.problems) == [10, 10, 0])
        #expect(hours[0].minimumMilliseconds == 10 && hours[0].maximumMilliseconds == 14 && hours[0].averageMilliseconds == 12)
        #expect(hours[0].downSeconds == 600 && hours[0].upSeconds == 3000)
        #expect(hours[0].minimumValue == 50 && hours[0].maximumValue == 55 && hours[0].averageValue == 53)
        #expect(hours[2].averageValue == 64)
        #expect(hours[1].downSeconds == 600 && hours[1].upSeconds == 3000)
        // The 1:59 result lasts two minutes (the gap limit), one of them in this hour; then 2:20 to 2:29, and the last
        // result's two minutes: 12 minutes up, the rest of the silence neither.
        #expect(hours[2].downSeconds == 0 && hours[2].upSeconds == 12 * 60)
        // Each hour adds up to what was observed in it, whatever the batches.
        let firstTwo = HourlyAggregation.hours(samples, until: hour.addingTimeInterval(2 * 3600), maximumGap: 120)
        #expect(Array(hours.prefix(2)) == firstTwo)
        #expect(HourlyAggregation.hours([], until: hour, maximumGap: 120).isEmpty)
    }
}
