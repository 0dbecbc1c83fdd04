import Domain
import Fluent
import Foundation
import Testing

@testable import App

/// Per-person display choices (issue 20): time zone, rows per page and colour scheme, saved on the profile.
@Suite("Display preferences: the reader's time zone, rows per page and colours")
struct PreferencesTests {
    @Test("The form refuses an unknown zone or page size beside the field and saves nothing; the choices parse")
    func parsing() throws {
        #expect(
            try UserPreferences.parse(timeZone: "Europe/Berlin", pageSize: "100", scheme: "dark").get()
                == UserPreferences(timeZone: "Europe/Berlin", pageSize: 100, scheme: .dark))
        #expect(try UserPreferences.parse(timeZone: "", pageSize: "", scheme: "system").get() == UserPreferences())
        guard case .failure(let failure) = UserPreferences.parse(timeZone: "Mars/Olympus", pageSize: "7", scheme: "neon") else {
            Issue.record("bad choices were accepted")
            return
        }
        #expect(failure.errors.map(\.field) == ["timeZone", "pageSize", "scheme"])
    }

    @Test("Page numbers show the first, the last and two either side, with gaps")
    func pageNumbers() {
        #expect(PageNumbers.around(current: 1, last: 1) == [])
        #expect(PageNumbers.around(current: 1, last: 4) == [1, 2, 3, 4])
        #expect(PageNumbers.around(current: 10, last: 20) == [1, nil, 8, 9, 10, 11, 12, nil, 20])
        // A gap of one page shows the page instead of "…".
        #expect(PageNumbers.around(current: 5, last: 9) == [1, 2, 3, 4, 5, 6, 7, 8, 9])
    }

    @Test("Saved on the profile: times move to the chosen zone, lists show the chosen rows with page numbers, the page turns dark")
    func savedAndApplied() async throws {
        try await TestApp.with { app in
            let assets = AssetService(app: app.app, actor: .system)
            let model = try await assets.createModel(.init(manufacturer: "Lenovo", name: "ThinkPad T14", type: "laptop"))
            for index in 1...30 { _ = try await assets.create(.init(name: "nb-\(index)", modelID: model.id)) }
            let browser = try await app.signedIn(.itManager)
            let before = try await browser.get("/hardware").body
            #expect(!before.contains("data-scheme=") && before.contains("1–30 of 30"))

            let refused = try await browser.submit(
                "/profile/display", ["timeZone": "Mars/Olympus", "pageSize": "25", "scheme": "dark"], from: "/profile")
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("id=\"timeZone-error\""))
            #expect(try await browser.get("/hardware").body.contains("1–30 of 30"), "nothing was saved")

            let saved = try await browser.submit(
                "/profile/display", ["timeZone": "America/New_York", "pageSize": "25", "scheme": "dark"], from: "/profile")
            #expect(saved.status == .seeOther)
            let list = try await browser.get("/hardware").body
            #expect(list.contains("<html lang=\"en\" data-scheme=\"dark\">"))
            #expect(list.contains("1–25 of 30"))
            #expect(list.contains("<span aria-current=\"page\" aria-label=\"Page 1\">1</span>"))
            #expect(list.contains("aria-label=\"Page 2\">2</a>") && list.contains("offset=25"))
            // A size asked for in the address wins, and the page links keep it.
            let fifty = try await browser.get("/hardware?limit=50").body
            #expect(fifty.contains("1–30 of 30") && fifty.contains("<strong aria-current=\"true\">50</strong>"))
            // The audit trail records the change, and times show in New York's zone (UTC−5 in winter).
            let newYork = app.app.services.localizer.dateTime(app.clock.now, .en, timeZone: TimeZone(identifier: "America/New_York")!)
            let utc = app.app.services.localizer.dateTime(app.clock.now, .en, timeZone: TimeZone(identifier: "UTC")!)
            let users = try await browser.get("/admin/users").body
            #expect(newYork != utc && users.contains(newYork) && !users.contains(utc), "the sign-in time in New York's zone")
            let audit = try await AuditEntry.query(on: app.app.db).all()
            #expect(audit.contains { $0.changesJSON.contains("New_York") && $0.changesJSON.contains("page_size") })
            let accounts = try await User.query(on: app.app.db).all()
            #expect(accounts.contains { $0.preferences == UserPreferences(timeZone: "America/New_York", pageSize: 25, scheme: .dark) })
            #expect(try await browser.get("/profile").body.contains("<option value=\"America/New_York\" selected>"))
        }
    }
}
