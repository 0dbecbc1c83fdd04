/// What the organisation collects about the use of its internet and mail, switched per report type. A type that is off
/// is not collected at all: its lines are read past and nothing of them is stored.
public struct UsageSwitches: Sendable, Equatable, Codable {
    /// Internet use from proxy logs: volume per day.
    public var web: Bool
    /// Which sites (registrable domains) were visited, and their categories. Needs `web`.
    public var webDomains: Bool
    /// The hour of the day of each request, for the time-of-day heat map and out-of-hours rules. Needs `web`.
    public var webHours: Bool
    /// Mail volumes from the mail server's log.
    public var mail: Bool
    /// Acceptable-use rules that raise findings about (pseudonymous) people.
    public var findings: Bool

    public init(web: Bool = false, webDomains: Bool = false, webHours: Bool = false, mail: Bool = false, findings: Bool = false) {
        self.web = web
        self.webDomains = webDomains
        self.webHours = webHours
        self.mail = mail
        self.findings = findings
    }

    /// Nothing is collected until the organisation (and, in Germany, its works council) agrees to each type.
    public static let off = UsageSwitches()

    /// The switches that take effect: domains and hours are parts of internet use and go with it.
    public var effective: UsageSwitches {
        UsageSwitches(web: web, webDomains: web && webDomains, webHours: web && webHours, mail: mail, findings: findings && (web || mail))
    }
}
