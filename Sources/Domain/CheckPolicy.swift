/// How a check turns results into states.
public struct CheckPolicy: Sendable, Equatable, Codable {
    /// Consecutive problem results before a problem is hard (1: the first one).
    public var problemsBeforeHard: Int
    /// Consecutive OK results before a hard problem recovers (1: the first one).
    public var successesToRecover: Int
    /// Flapping starts when at least this share of the last results changed state, in per cent…
    public var flapStartPercent: Int
    /// …and stops when fewer than this share did. Below the start, so that it does not flap itself.
    public var flapStopPercent: Int

    /// How many results flap detection looks at: 21 results, 20 changes between them, as Nagios does.
    public static let flapWindow = 21

    public init(problemsBeforeHard: Int = 3, successesToRecover: Int = 1, flapStartPercent: Int = 50, flapStopPercent: Int = 25) {
        self.problemsBeforeHard = problemsBeforeHard
        self.successesToRecover = successesToRecover
        self.flapStartPercent = flapStartPercent
        self.flapStopPercent = flapStopPercent
    }

    /// Every field that is out of range, by name.
    public func problems() -> [FieldError] {
        var errors: [FieldError] = []
        if !(1...10).contains(problemsBeforeHard) { errors.append(FieldError(field: "problemsBeforeHard", code: .outOfRange)) }
        if !(1...10).contains(successesToRecover) { errors.append(FieldError(field: "successesToRecover", code: .outOfRange)) }
        if !(1...100).contains(flapStartPercent) { errors.append(FieldError(field: "flapStartPercent", code: .outOfRange)) }
        if !(0...100).contains(flapStopPercent) || flapStopPercent >= flapStartPercent {
            errors.append(FieldError(field: "flapStopPercent", code: .outOfRange))
        }
        return errors
    }
}
