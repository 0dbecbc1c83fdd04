import Domain
import Fluent
import Foundation
import SQLKit
import Testing

@testable import App

/// Sales (6 people), Legal (2) and IT (3) at one site, each browsing through the proxy under their own account.
struct UsageCompany {
    let sales: Department
    let legal: Department
    let it: Department
    let people: [Employee]

    static func make(_ app: TestApp) async throws -> UsageCompany {
        let structure = StructureService(app: app.app, actor: .system)
        let service = EmployeeService(app: app.app, actor: .system)
        let site = try await structure.createSite(
            .init(name: "Berlin", address: "Unter den Linden 1", country: "de", timeZone: "Europe/Berlin"))
        let sales = try await structure.createDepartment(.init(name: "Sales", siteID: site.id))
        let legal = try await structure.createDepartment(.init(name: "Legal", siteID: site.id))
        let it = try await structure.createDepartment(.init(name: "IT", siteID: site.id))
        var people: [Employee] = []
        for (index, department) in (Array(repeating: sales, count: 6) + [legal, legal] + [it, it, it]).enumerated() {
            people.append(
                try await service.create(
                    .init(
                        employeeNumber: "E\(100 + index)", firstName: "Person\(index)", lastName: "Test",
                        workEmail: "p\(index)@firma.example",
                        departmentID: department.id, siteID: site.id, status: .active)))
        }
        return UsageCompany(sales: sales, legal: legal, it: it, people: people)
    }

    /// Everyone visits news.example.org twice; person 0 also visits a hobby site nobody else does; Legal is denied a game.
    static func log(_ app: TestApp, people: Int) throws -> String {
        let start = Int(app.clock.now.timeIntervalSince1970) - 3600
        var lines: [String] = []
        for person in 0..<people {
            for visit in 0..<2 {
                lines.append(
                    "\(start + person * 10 + visit).000     20 10.1.0.\(person) TCP_MISS/200 \(1000 * (person + 1)) GET http://www.news.example.org/a - HIER_DIRECT/192.0.2.1 text/html"
                        .replacingOccurrences(of: " - HIER", with: " p\(person) HIER"))
            }
        }
        lines.append("\(start + 500).000 5 10.1.0.0 TCP_MISS/200 700 GET http://secret-hobby.example/x p0 HIER_DIRECT/192.0.2.9 text/html")
        lines.append("\(start + 501).000 0 10.1.0.6 TCP_DENIED/403 3000 GET http://games.example/ p6 HIER_NONE/- text/html")
        lines.append("\(start + 502).000 5 10.200.0.1 TCP_MISS/200 100 GET http://www.news.example.org/b - HIER_DIRECT/192.0.2.1 text/html")
        return try UsageTesting.file(lines)
    }
}

@Suite("Usage reports in the browser and the API")
struct UsagePageTests {
    @Test("The report shows departments of five or more; smaller ones are folded into Other; rare sites stay unnamed")
    func report() async throws {
        try await TestApp.with { app in
            _ = try await UsageCompany.make(app)
            try await UsageTesting.enable(app, UsageTesting.everything)
            _ = try await UsageTesting.ingest(app, .squid, [try UsageCompany.log(app, people: 11)])
            let browser = try await app.signedIn(.itManager)
            let page = try await browser.get("/usage")
            #expect(page.status == .ok)
            #expect(page.body.contains("Sales") && page.body.contains("Other (small groups together)"))
            #expect(!page.body.contains(">Legal<") && !page.body.contains(">IT<"))
            // Sites are counted by registrable domain: www.news.example.org is example.org.
            #expect(page.body.contains(">example.org<") && !page.body.contains("secret-hobby"))
            #expect(page.body.contains("<svg class=\"heat\"") && page.body.contains("Unattributed"))

            let (_, token) = try await app.token(.executive)
            let api = APIClient(app, token: token)
            let report = try await api.call(.GET, "/api/v1/usage/report")
            #expect(report.status == .ok)
            let groups = report.json["groups"] as? [[String: Any]] ?? []
            #expect(groups.map { $0["name"] as? String } == ["Sales"])
            #expect(groups.first?["people"] as? Int == 6)
            let other = report.json["other"] as? [String: Any]
            #expect(other?["people"] as? Int == 5)
            #expect((other?["counts"] as? [String: Any])?["requests"] as? Int == 2 * 5 + 1)
            let unknown = report.json["unknown"] as? [[String: Any]] ?? []
            #expect((unknown.first?["counts"] as? [String: Any])?["requests"] as? Int == 1)
            let domains = (report.json["domains"] as? [[String: Any]] ?? []).map { $0["domain"] as? String }
            #expect(domains == ["example.org"])
            // The games site was denied for one person only: not named.
            #expect((report.json["deniedDomains"] as? [Any])?.isEmpty == true)
            let bySite = try await api.call(.GET, "/api/v1/usage/report?group=site")
            #expect((bySite.json["groups"] as? [[String: Any]])?.first?["name"] as? String == "Berlin")
            let bad = try await api.call(.GET, "/api/v1/usage/report?from=2026-12-10&to=2026-12-01&group=person")
            #expect(bad.status == .unprocessableEntity)
            let fields = Set((bad.json["invalidParams"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String })
            #expect(fields == ["group"] || fields == ["to", "group"])

            let german = try await app.signedIn(.itManager, language: .de)
            let seite = try await german.get("/usage")
            #expect(seite.body.contains("Internet- und E-Mail-Nutzung") && seite.body.contains("Sonstige (kleine Gruppen zusammen)"))
        }
    }

    @Test("A report asked again comes from the cache until the usage data changes, also by an ingest beside the server")
    func cachedUntilChanged() async throws {
        try await TestApp.with { app in
            let company = try await UsageCompany.make(app)
            try await UsageTesting.enable(app, UsageTesting.everything)
            _ = try await UsageTesting.ingest(app, .squid, [try UsageCompany.log(app, people: 11)])
            let (_, token) = try await app.token(.itManager)
            let api = APIClient(app, token: token)
            func requests() async throws -> Int? {
                ((try await api.call(.GET, "/api/v1/usage/report")).json["totals"] as? [String: Any])?["requests"] as? Int
            }
            #expect(try await requests() == 2 * 11 + 3)
            #expect(try await requests() == 2 * 11 + 3)
            #expect(await app.app.usageReports.count == 1)
            // A renamed department is shown by its new name at once: names are not cached.
            try await app.app.db.sql.update("departments").set("name", to: "Vertrieb").where("id", .equal, company.sales.id).run()
            let renamed = try await api.call(.GET, "/api/v1/usage/report")
            #expect((renamed.json["groups"] as? [[String: Any]])?.first?["name"] as? String == "Vertrieb")
            #expect(await app.app.usageReports.count == 1)

            // Another process ingests more lines into the same database: the next report counts them.
            let start = Int(app.clock.now.timeIntervalSince1970) - 1800
            let more = try UsageTesting.file(
                (0..<5).map {
                    "\(start + $0).000 20 10.1.0.\($0) TCP_MISS/200 100 GET http://www.news.example.org/c p\($0) HIER_DIRECT/192.0.2.1 -"
                },
                name: "more.log")
            let ingested = try CommandLine.run(["ingest", "squid", more, "--source", "proxy", "--database", app.databaseURL])
            #expect(ingested.status == 0, "\(ingested.error)")
            #expect(try await requests() == 2 * 11 + 3 + 5)

            // The retention job deletes days: the report no longer counts them.
            app.clock.advance(200 * 86400)
            _ = try await UsageRetention.run(app: app.app, now: app.clock.now)
            app.clock.advance(-200 * 86400)
            #expect(try await requests() ?? 0 == 0)
            #expect(await app.app.usageReports.count == 1)
        }
    }

    @Test("With fewer people than the minimum in the whole period, the report says only that")
    func suppressed() async throws {
        try await TestApp.with { app in
            _ = try await UsageCompany.make(app)
            try await UsageTesting.enable(app, UsageTesting.everything)
            _ = try await UsageTesting.ingest(app, .squid, [try UsageCompany.log(app, people: 3)])
            let (_, token) = try await app.token(.itManager)
            let report = try await APIClient(app, token: token).call(.GET, "/api/v1/usage/report")
            #expect(report.json["suppressed"] as? Bool == true)
            #expect(report.json["totals"] is NSNull || report.json["totals"] == nil)
            #expect((report.json["groups"] as? [Any])?.isEmpty == true && (report.json["heat"] as? [Any])?.isEmpty == true)
            let page = try await app.signedIn(.itManager).get("/usage")
            #expect(page.body.contains("too few to report on") && !page.body.contains(">example.org<"))
        }
    }

    @Test("Who may see what: technicians and employees are refused the reports, executives the settings")
    func permissions() async throws {
        try await TestApp.with { app in
            for role in [Role.technician, .employee] {
                let browser = try await app.signedIn(role)
                #expect(try await browser.get("/usage").status == .forbidden, "\(role)")
                #expect(try await browser.get("/usage/settings").status == .forbidden, "\(role)")
                #expect(try await browser.get("/usage/about").status == .ok, "\(role)")
                #expect(try await browser.get("/usage/mine").status == .ok, "\(role)")
            }
            let executive = try await app.signedIn(.executive)
            #expect(try await executive.get("/usage").status == .ok)
            #expect(try await executive.get("/usage/sources").status == .forbidden)
            let (_, token) = try await app.token(.executive)
            let api = APIClient(app, token: token)
            #expect(
                try await api.call(.PATCH, "/api/v1/usage/settings", ["collectWeb": true], headers: ["If-Match": "\"0\""]).status
                    == .forbidden)
            #expect(try await api.call(.GET, "/api/v1/usage/sources").status == .forbidden)
            let people = try await app.signedIn(.peopleOfficer)
            #expect(try await people.get("/usage/settings").status == .ok)
        }
    }

    @Test("Settings: the form switches collection on, refuses a retention over 13 months, and the API needs the current version")
    func settings() async throws {
        try await TestApp.with { app in
            let browser = try await app.signedIn(.itManager)
            let refused = try await browser.submit(
                "/usage/settings", ["version": "0", "collectWeb": "true", "retentionDays": "500", "minimumGroupSize": "5"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("aria-invalid=\"true\" aria-describedby=\"retentionDays-error\""))
            #expect(try await UsageSettings.current(on: app.app.db).version == 0)
            let saved = try await browser.submit(
                "/usage/settings", ["version": "0", "collectWeb": "true", "collectWebDomains": "true", "retentionDays": "120"])
            #expect(saved.status == .seeOther)
            let stored = try await UsageSettings.current(on: app.app.db)
            #expect(stored.version == 1 && stored.policy.retentionDays == 120)
            #expect(stored.policy.switches == UsageSwitches(web: true, webDomains: true))
            // The same form again, from a page read before the change: refused, nothing overwritten.
            let stale = try await browser.submit("/usage/settings", ["version": "0", "retentionDays": "30"])
            #expect(stale.status == .conflict)
            #expect(try await UsageSettings.current(on: app.app.db).policy.retentionDays == 120)

            let (_, token) = try await app.token(.peopleOfficer)
            let api = APIClient(app, token: token)
            #expect(try await api.call(.PATCH, "/api/v1/usage/settings", ["retentionDays": 60]).status == .preconditionRequired)
            #expect(
                try await api.call(.PATCH, "/api/v1/usage/settings", ["retentionDays": 60], headers: ["If-Match": "\"0\""]).status
                    == .preconditionFailed)
            let changed = try await api.call(
                .PATCH, "/api/v1/usage/settings", ["retentionDays": 60, "collectMail": true], headers: ["If-Match": "\"1\""])
            #expect(changed.status == .ok)
            #expect(
                changed.json["retentionDays"] as? Int == 60 && changed.json["collectWeb"] as? Bool == true
                    && changed.json["version"] as? Int == 2)
            let unknown = try await api.call(.PATCH, "/api/v1/usage/settings", ["keepForever": true], headers: ["If-Match": "\"2\""])
            #expect(unknown.status == .badRequest)
            let entries = try await AuditEntry.query(on: app.app.db).filter(\.$action == "usage.settings.update").count()
            #expect(entries == 2)
            // The transparency page follows the settings.
            let about = try await app.signedIn(.employee).get("/usage/about")
            #expect(about.body.contains("Counts are deleted after 60 days."))
        }
    }

    @Test("An employee sees and exports their own usage, and only their own")
    func ownData() async throws {
        try await TestApp.with { app in
            let company = try await UsageCompany.make(app)
            try await UsageTesting.enable(app, UsageTesting.everything)
            _ = try await UsageTesting.ingest(app, .squid, [try UsageCompany.log(app, people: 11)])
            let user = try await app.makeUser(.employee, email: "p0@firma.example")
            let record = company.people[0]
            record.userID = user.id
            try await record.update(on: app.app.db)
            let browser = Browser(app)
            _ = try await browser.signIn(email: "p0@firma.example", password: TestApp.password)
            let page = try await browser.get("/usage/mine")
            #expect(page.body.contains("secret-hobby.example") && page.body.contains(">example.org<"))
            let export = try await browser.json(.GET, "/api/v1/usage/mine")
            let web = export.json["web"] as? [[String: Any]] ?? []
            #expect(web.compactMap { $0["requests"] as? Int }.reduce(0, +) == 3)
            #expect((export.json["pseudonyms"] as? [String])?.count == 1)
            // Someone else's account sees nothing of person 0.
            let other = try await app.signedIn(.employee).json(.GET, "/api/v1/usage/mine")
            #expect((other.json["web"] as? [Any])?.isEmpty == true)
        }
    }
}

@Suite("Site categories")
struct UsageCategoryTests {
    @Test("The starter list is there from the start; a UT1 list imports, keeps only registrable domains, and shows in the report")
    func categories() async throws {
        try await TestApp.with { app in
            _ = try await UsageCompany.make(app)
            try await UsageTesting.enable(app, UsageTesting.everything)
            let start = Int(app.clock.now.timeIntervalSince1970) - 3600
            var lines: [String] = []
            for person in 0..<11 {
                lines.append(
                    "\(start + person).000 20 10.1.0.\(person) TCP_TUNNEL/200 5000 CONNECT www.youtube.com:443 p\(person) HIER_DIRECT/192.0.2.1 -"
                )
                lines.append(
                    "\(start + person).500 20 10.1.0.\(person) TCP_MISS/200 100 GET http://intranet-wiki.example/ p\(person) HIER_DIRECT/192.0.2.1 -"
                )
            }
            _ = try await UsageTesting.ingest(app, .squid, [try UsageTesting.file(lines)])
            let (_, token) = try await app.token(.itManager)
            let api = APIClient(app, token: token)
            var report = try await api.call(.GET, "/api/v1/usage/report")
            var categories = report.json["categories"] as? [[String: Any]] ?? []
            #expect(categories.map { $0["name"] as? String } == ["video"])
            #expect(categories.first?["people"] as? Int == 11 && categories.first?["requests"] as? Int == 11)
            let page = try await app.signedIn(.itManager, language: .sv).get("/usage")
            #expect(page.body.contains("Kategorier") && page.body.contains("<td>Video</td>"))

            // A UT1 folder: one category per folder, a domains file each.
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ut1-\(UUID().uuidString)")
            for (category, domains) in [
                ("wiki", "intranet-wiki.example\nsub.intranet-wiki.example\n# comment\n\n"), ("adult", "bad.example\r\n"),
            ] {
                let directory = folder.appendingPathComponent(category)
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try Data(domains.utf8).write(to: directory.appendingPathComponent("domains"))
            }
            let imported = try CommandLine.run(["usage", "categories", folder.path, "--database", app.databaseURL])
            #expect(imported.status == 0, "\(imported.error)")
            #expect(imported.output.contains("imported 2 categories with 2 domains (1 entries not registrable domains, skipped)"))
            let listed = try CommandLine.run(["usage", "categories", "--database", app.databaseURL])
            #expect(listed.output.contains("wiki\tut1\t1") && listed.output.contains("video\tstarter\t"))
            report = try await api.call(.GET, "/api/v1/usage/report")
            categories = report.json["categories"] as? [[String: Any]] ?? []
            #expect(Set(categories.compactMap { $0["name"] as? String }) == ["video", "wiki"])
            let missing = try CommandLine.run(["usage", "categories", "/nonexistent", "--database", app.databaseURL])
            #expect(missing.status == 1)
            #expect(try await AuditEntry.query(on: app.app.db).filter(\.$action == "usage.categories.import").count() == 1)
        }
    }
}

@Suite("The usage report cache")
struct UsageReportCacheTests {
    func key(_ day: Int, revision: Int64) -> UsageReportCache.Key {
        UsageReportCache.Key(
            from: CalendarDate(daysSince1970: day), to: CalendarDate(daysSince1970: day + 29), grouping: .department, minimum: 5,
            revision: revision)
    }

    func aggregates(people: Int) -> UsageReport.Aggregates {
        var aggregates = UsageReport.Aggregates()
        aggregates.people = people
        return aggregates
    }

    @Test("A newer revision drops the older entries; a late answer for an older one is not kept; the least recently used goes first")
    func revisionsAndCapacity() async {
        let cache = UsageReportCache(capacity: 2)
        await cache.keep(aggregates(people: 1), for: key(0, revision: 1))
        await cache.keep(aggregates(people: 2), for: key(1, revision: 1))
        #expect(await cache.aggregates(for: key(0, revision: 1))?.people == 1)
        await cache.keep(aggregates(people: 3), for: key(2, revision: 1))
        // Day 1 was used least recently.
        #expect(await cache.aggregates(for: key(1, revision: 1)) == nil)
        #expect(await cache.aggregates(for: key(0, revision: 1))?.people == 1)
        await cache.keep(aggregates(people: 4), for: key(0, revision: 2))
        #expect(await cache.count == 1)
        #expect(await cache.aggregates(for: key(2, revision: 1)) == nil)
        // A request that began before the change finishes after it: its figures are not kept.
        await cache.keep(aggregates(people: 5), for: key(3, revision: 1))
        #expect(await cache.aggregates(for: key(3, revision: 1)) == nil)
        #expect(await cache.aggregates(for: key(0, revision: 2))?.people == 4)
    }
}
