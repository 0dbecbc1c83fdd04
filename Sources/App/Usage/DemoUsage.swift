import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The demo company's last fortnight of internet and mail use: proxy and mail-server log lines written as Squid and
/// Postfix write them, read through the real ingest, so every report, finding and privacy control has something to show.
/// The demo company has agreed to every report type; four rules are set.
enum DemoUsage {
    static let days = 14
    /// The people whose use the demo logs show.
    static let people = 300

    static func load(into app: Application) async throws {
        let sql = app.db.sql
        guard try await sql.select().column("id").from("usage_sources").first() == nil else { return }
        let now = app.services.clock.now()
        let stored = try await UsageSettings.current(on: app.db)
        var policy = stored.policy
        policy.switches = UsageSwitches(web: true, webDomains: true, webHours: true, mail: true, findings: true)
        let (chosen, version) = (policy, stored.version)
        _ = try await app.write { db in try await UsageSettings.save(chosen, expectedVersion: version, actor: .system, now: now, on: db) }
        for (name, rule) in [
            ("No gambling at work", UsageRule(kind: .categoryBlocked, category: "gambling")),
            ("Video within reason", UsageRule(kind: .categoryLimit, category: "video", threshold: 40)),
            ("Night-time browsing", UsageRule(kind: .outOfHours, threshold: 25)),
            ("Large attachments to private mailboxes", UsageRule(kind: .largeFreeMail)),
        ] {
            _ = try await UsageFindings.addRule(name: name, rule, actor: .system, app: app)
        }
        // A proxy sees a sample of the company, not a fortnight for each of 100,000 people: the demo's usage stays the
        // same size (and its load a few seconds) however large the company is.
        let people = try await Employee.query(on: app.db).filter(\.$statusRaw == EmploymentStatus.active.rawValue)
            .filter(\.$workEmail != nil).sort(\.$employeeNumber).limit(Self.people).all()
            .compactMap { employee in employee.workEmail.map { (employee, $0) } }
        let (proxy, mail) = lines(people: people.map(\.1), now: now, zone: try await app.services.organisation.current(on: app.db).timeZone)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qm-demo-usage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let proxyFile = directory.appendingPathComponent("access.log")
        let mailFile = directory.appendingPathComponent("mail.log")
        try Data((proxy.joined(separator: "\n") + "\n").utf8).write(to: proxyFile)
        try Data((mail.joined(separator: "\n") + "\n").utf8).write(to: mailFile)
        _ = try await UsageIngest.open(app: app, format: .squid, source: "demo: proxy.demo.example").ingest(paths: [proxyFile.path])
        _ = try await UsageIngest.open(app: app, format: .postfix, source: "demo: mx.demo.example").ingest(paths: [mailFile.path])
        let zone = try await app.services.organisation.current(on: app.db).timeZone
        let today = CalendarDate(now, in: zone)
        try await UsageFindings.evaluate(app: app, from: CalendarDate(daysSince1970: today.daysSince1970 - days), to: today)
    }

    static let sites = [
        "www.google.com", "outlook.office.com", "teams.microsoft.com", "demo.sharepoint.com", "github.com", "stackoverflow.com",
        "www.youtube.com", "www.spiegel.de", "www.err.ee", "www.svt.se", "www.linkedin.com", "www.amazon.de", "www.booking.com",
        "open.spotify.com", "www.wetransfer.com", "www.facebook.com", "docs.swift.org", "www.dn.se", "www.postimees.ee", "www.zeit.de",
    ]

    /// Squid lines for each person's working days (more on weekdays, mostly in working hours), and Postfix lines for
    /// their mail, the same for the same company and day.
    static func lines(people addresses: [String], now: Date, zone: TimeZone) -> (proxy: [String], mail: [String]) {
        var random = SeededGenerator(seed: 42)
        var proxy: [String] = []
        var mail: [String] = []
        let end = now.timeIntervalSince1970 - 600
        let domain = addresses.first.flatMap { $0.split(separator: "@").last.map(String.init) } ?? "demo.example"
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        var queue = 0x1A2B3C
        for dayOffset in (0..<days).reversed() {
            let dayStart = calendar.startOfDay(for: Date(timeIntervalSince1970: end - Double(dayOffset) * 86400)).timeIntervalSince1970
            let weekday = calendar.component(.weekday, from: Date(timeIntervalSince1970: dayStart))
            let weekend = weekday == 1 || weekday == 7
            for (index, address) in addresses.enumerated() {
                let account = String(address.split(separator: "@").first ?? "")
                let requests =
                    weekend ? (index % 9 == 0 ? Int.random(in: 5...30, using: &random) : 0) : Int.random(in: 20...90, using: &random)
                for _ in 0..<requests {
                    // Mostly 8:00–17:00; a few people browse late.
                    let late = index % 23 == 0 && Int.random(in: 0..<4, using: &random) == 0
                    let hour = late ? Double(Int.random(in: 20...23, using: &random)) : Double(Int.random(in: 8...16, using: &random))
                    let at = dayStart + hour * 3600 + Double.random(in: 0..<3600, using: &random)
                    guard at < end else { continue }
                    var site = sites[min(sites.count - 1, Int(Double(sites.count) * pow(Double.random(in: 0..<1, using: &random), 2)))]
                    if index % 31 == 7, Int.random(in: 0..<15, using: &random) == 0 { site = "www.bet365.com" }
                    if index % 11 == 3, Int.random(in: 0..<3, using: &random) == 0 { site = "www.youtube.com" }
                    let denied = site == "www.bet365.com" && Int.random(in: 0..<2, using: &random) == 0
                    let bytes = denied ? 3_900 : Int.random(in: 800...400_000, using: &random)
                    let status = denied ? "TCP_DENIED/403" : "TCP_TUNNEL/200"
                    let elapsed = String(Int.random(in: 20...3000, using: &random))
                    let padded = String(repeating: " ", count: max(0, 6 - elapsed.count)) + elapsed
                    let peer = denied ? "HIER_NONE/-" : "HIER_DIRECT/192.0.2.\(index % 200 + 1)"
                    proxy.append(
                        "\(String(format: "%.3f", at)) \(padded) 10.10.\(20 + index / 250).\(index % 250 + 2) \(status) \(bytes) CONNECT \(site):443 \(account) \(peer) -"
                    )
                }
                // Mail: a few messages a working day, some outside, now and then a large one.
                for _ in 0..<(weekend ? 0 : Int.random(in: 1...6, using: &random)) {
                    let at = dayStart + Double(Int.random(in: 8...17, using: &random)) * 3600 + Double.random(in: 0..<3600, using: &random)
                    guard at < end else { continue }
                    queue += 1
                    let id = String(format: "%X", queue)
                    let external = Int.random(in: 0..<3, using: &random) == 0
                    let to =
                        external
                        ? (index % 37 == 5 ? "me.private@gmail.com" : "partner\(index % 7)@partner.example")
                        : addresses[(index + 1) % addresses.count]
                    let size = index % 37 == 5 && external ? 14_000_000 : Int.random(in: 2_000...400_000, using: &random)
                    let stamp = { (offset: Double) in Self.rfc3339(at + offset, zone: zone) }
                    mail += [
                        "\(stamp(0)) mx postfix/smtpd[2101]: \(id): client=ws\(index).\(domain)[10.10.1.\(index % 250 + 2)]",
                        "\(stamp(0.1)) mx postfix/cleanup[2102]: \(id): message-id=<\(id)@\(domain)>",
                        "\(stamp(0.2)) mx postfix/qmgr[900]: \(id): from=<\(address)>, size=\(size), nrcpt=1 (queue active)",
                        "\(stamp(0.9)) mx postfix/\(external ? "smtp" : "lmtp")[2103]: \(id): to=<\(to)>, relay=\(external ? "mx.partner.example[198.51.100.7]:25" : "mail.\(domain)[private/dovecot-lmtp]"), delay=0.9, delays=0.2/0/0.3/0.4, dsn=2.0.0, status=sent (250 OK)",
                        "\(stamp(1.0)) mx postfix/qmgr[900]: \(id): removed",
                    ]
                }
            }
        }
        proxy.sort()
        mail.sort()
        return (proxy, mail)
    }

    static func rfc3339(_ seconds: Double, zone: TimeZone) -> String {
        let date = Date(timeIntervalSince1970: seconds)
        // Foundation writes the offset as +0200; RFC 3339 (and rsyslog) as +02:00.
        var text = date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: zone))
        if text.count > 5, !text.hasSuffix("Z") { text.insert(":", at: text.index(text.endIndex, offsetBy: -2)) }
        return text
    }
}
