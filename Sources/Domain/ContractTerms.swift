/// What kind of agreement a contract is.
public enum ContractKind: String, CaseIterable, Sendable, Codable {
    case support, maintenance, lease, saas, telecom, other

    public var labelKey: String { "contract.kind.\(rawValue)" }
}

/// A notice period as contracts state it: "3 months to the end of the term", "30 days".
public struct NoticePeriod: Hashable, Sendable, Codable {
    public enum Unit: String, CaseIterable, Sendable, Codable {
        case days, weeks, months
    }

    public let value: Int
    public let unit: Unit

    public init(value: Int, unit: Unit) {
        self.value = value
        self.unit = unit
    }

    /// The last day notice can be given for a term ending on `end`: the notice must arrive before the period starts.
    /// "3 months to 31 March" means by 31 December; "30 days to 31 March" by 1 March.
    public func deadline(before end: CalendarDate) -> CalendarDate {
        switch unit {
        case .months: end.adding(months: -value)
        case .weeks: end.adding(days: -7 * value)
        case .days: end.adding(days: -value)
        }
    }
}

/// When a contract ends and when notice must be given, for any day: an auto-renewing contract rolls on term by term,
/// so the end that matters is that of the term running then.
public struct ContractTerm: Sendable, Equatable {
    public var start: CalendarDate
    /// The end of the first term; nil for a contract that runs until cancelled (then only the notice period applies).
    public var end: CalendarDate?
    public var notice: NoticePeriod?
    public var autoRenews: Bool
    /// How long each renewal runs (12 for a yearly renewal).
    public var renewalMonths: Int

    public init(start: CalendarDate, end: CalendarDate?, notice: NoticePeriod?, autoRenews: Bool, renewalMonths: Int = 12) {
        self.start = start
        self.end = end
        self.notice = notice
        self.autoRenews = autoRenews
        self.renewalMonths = renewalMonths
    }

    /// Every field that makes the terms impossible.
    public func problems() -> [FieldError] {
        var problems: [FieldError] = []
        if let end, end < start { problems.append(FieldError(field: "endDate", code: .endBeforeStart)) }
        if autoRenews, end == nil { problems.append(FieldError(field: "endDate", code: .required)) }
        if autoRenews, !(1...120).contains(renewalMonths) { problems.append(FieldError(field: "renewalMonths", code: .outOfRange)) }
        if let notice, !(0...3650).contains(notice.value) { problems.append(FieldError(field: "noticeValue", code: .outOfRange)) }
        return problems
    }

    /// The end of the term running on `day`: the first end on or after it, rolling an auto-renewing contract forward;
    /// for one that does not renew, its end even when past. Nil when the contract has no end.
    public func currentEnd(on day: CalendarDate) -> CalendarDate? {
        guard let end else { return nil }
        guard autoRenews, end < day, renewalMonths > 0 else { return end }
        // Counted from the first end, so that month-end dates do not drift (31 Jan + 1 + 1 month would give 28 Mar).
        var terms = 1
        while end.adding(months: terms * renewalMonths) < day { terms += 1 }
        return end.adding(months: terms * renewalMonths)
    }

    /// The last day to give notice for the term running on `day`; nil without a notice period or an end.
    public func noticeDeadline(on day: CalendarDate) -> CalendarDate? {
        guard let notice, let end = currentEnd(on: day) else { return nil }
        var deadline = notice.deadline(before: end)
        // Past this term's deadline, an auto-renewing contract can only be ended at the next term's end.
        if autoRenews, deadline < day { deadline = notice.deadline(before: end.adding(months: renewalMonths)) }
        return deadline
    }

    /// The term the notice deadline on `day` applies to: the end that notice given by then would end the contract at.
    public func endForNotice(on day: CalendarDate) -> CalendarDate? {
        guard let notice, let end = currentEnd(on: day) else { return currentEnd(on: day) }
        return autoRenews && notice.deadline(before: end) < day ? end.adding(months: renewalMonths) : end
    }
}
