import Foundation

extension MaintenanceSchedule {
    /// The windows' starts in order, from the first one at or after `earliest`; COUNT counts from the very first.
    public func starts(from earliest: Date) -> AnySequence<Date> {
        guard let rule = recurrence else { return AnySequence(start >= earliest ? [start] : []) }
        let calendar = self.calendar
        let first = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: start)
        let time = (first.hour!, first.minute!, first.second!)
        let firstDay = calendar.startOfDay(for: start)
        // Periods that end before `earliest` can be skipped, unless COUNT needs every window counted from the first.
        var period = 0
        if rule.count == nil, earliest > start {
            let unit: Calendar.Component = rule.frequency == .daily ? .day : rule.frequency == .weekly ? .weekOfYear : .month
            let elapsed = calendar.dateComponents([unit], from: firstDay, to: earliest).value(for: unit) ?? 0
            period = max(0, elapsed / rule.interval - 1)
        }
        let weekStart = calendar.dateInterval(of: .weekOfYear, for: firstDay)!.start
        let monthStart = calendar.dateInterval(of: .month, for: firstDay)!.start
        var emitted = 0
        var pending: [Date] = []
        var exhausted = false
        var emptyPeriods = 0
        return AnySequence(
            AnyIterator {
                while true {
                    if exhausted { return nil }
                    if let count = rule.count, emitted >= count { return nil }
                    if !pending.isEmpty {
                        let next = pending.removeFirst()
                        if let until = rule.until, next > until {
                            exhausted = true
                            return nil
                        }
                        emitted += 1
                        if next < earliest { continue }
                        return next
                    }
                    // A rule whose days never come (the 31st, every 12 months from February) ends instead of spinning.
                    if emptyPeriods > 1000 { return nil }
                    pending = Self.days(
                        in: period, rule: rule, calendar: calendar, weekStart: weekStart, monthStart: monthStart,
                        firstDay: firstDay, firstWeekday: first.weekday!, firstMonthDay: first.day!
                    )
                    .compactMap { day in
                        calendar.date(bySettingHour: time.0, minute: time.1, second: time.2, of: day)
                    }
                    .filter { $0 >= start }
                    // The first window always counts, even on a day the rule would not pick (RFC 5545, DTSTART).
                    if period == 0, pending.first != start { pending.insert(start, at: 0) }
                    emptyPeriods = pending.isEmpty ? emptyPeriods + 1 : 0
                    period += 1
                }
            })
    }

    /// The days (local midnights) of the `index`th period of the rule, in order.
    private static func days(
        in index: Int, rule: Recurrence, calendar: Calendar, weekStart: Date, monthStart: Date, firstDay: Date, firstWeekday: Int,
        firstMonthDay: Int
    ) -> [Date] {
        let step = index * rule.interval
        switch rule.frequency {
        case .daily:
            return [calendar.date(byAdding: .day, value: step, to: firstDay)!]
        case .weekly:
            let week = calendar.date(byAdding: .weekOfYear, value: step, to: weekStart)!
            let weekdays = rule.weekdays.isEmpty ? [Recurrence.Weekday(gregorian: firstWeekday)] : rule.weekdays
            return weekdays.map { day in
                calendar.date(byAdding: .day, value: Recurrence.Weekday.allCases.firstIndex(of: day)!, to: week)!
            }
        case .monthly:
            let month = calendar.date(byAdding: .month, value: step, to: monthStart)!
            let length = calendar.range(of: .day, in: .month, for: month)!.count
            // A day the month does not have (the 31st in April) is skipped, as RFC 5545 says.
            let byMonthDay = Set(
                rule.monthDays.compactMap { $0 < 0 ? (length + 1 + $0 >= 1 ? length + 1 + $0 : nil) : ($0 <= length ? $0 : nil) })
            var days: Set<Int>
            if rule.monthWeekdays.isEmpty {
                days = rule.monthDays.isEmpty ? (firstMonthDay <= length ? [firstMonthDay] : []) : byMonthDay
            } else {
                // The weekday of the 1st, as an index Monday 0 … Sunday 6.
                let firstWeekdayIndex = (calendar.component(.weekday, from: month) + 5) % 7
                days = []
                for entry in rule.monthWeekdays {
                    let index = Recurrence.Weekday.allCases.firstIndex(of: entry.weekday)!
                    let all = Array(stride(from: (index - firstWeekdayIndex + 7) % 7 + 1, through: length, by: 7))
                    switch entry.ordinal {
                    case nil: days.formUnion(all)
                    case let n? where n > 0: if n <= all.count { days.insert(all[n - 1]) }
                    case let n?: if -n <= all.count { days.insert(all[all.count + n]) }
                    }
                }
                if !rule.monthDays.isEmpty { days.formIntersection(byMonthDay) }
            }
            return days.sorted().map { day in calendar.date(byAdding: .day, value: day - 1, to: month)! }
        }
    }
}
