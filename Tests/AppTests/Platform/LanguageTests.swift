import Directory
import Domain
import Foundation
import Probes
import Testing
import UsageCounting
import Vapor

@testable import App

@Suite("Four languages")
struct LanguageTests {
    @Test("The browser's Accept-Language chooses the language of an anonymous page")
    func acceptLanguage() async throws {
        try await TestApp.with { app in
            let page = try await Browser(app, acceptLanguage: "et-EE,et;q=0.9,en;q=0.5").get("/signin")
            #expect(page.body.contains("<html lang=\"et\">"))
            #expect(page.body.contains("Logi sisse"))
            #expect(page.headers.first(name: .contentLanguage) == "et")
        }
    }

    @Test(
        "One date style per language: a stored date and a date-time's date part read alike on one page",
        arguments: [(Language.en, "05/03/2026"), (.de, "05.03.2026"), (.et, "05.03.2026"), (.sv, "2026-03-05")])
    func oneDateStyle(_ language: Language, _ purchased: String) async throws {
        try await TestApp.with { app in
            let assets = AssetService(app: app.app, actor: .system)
            let model = try await assets.createModel(.init(manufacturer: "Dell", name: "Latitude 5440", type: "laptop"))
            let asset = try await assets.create(
                .init(tag: "NB-1", modelID: model.id, purchaseDate: "2026-03-05", warrantyEnd: "2029-03-04"))
            let body = try await app.signedIn(.itManager, language: language).get("/hardware/\(asset.id!)").body
            let visible = body.replacingOccurrences(of: #"<[^>]*>"#, with: " ", options: .regularExpression)
            #expect(visible.contains(purchased), "\(language)")
            // The history's date-time starts with today's date written the same way (two-digit day and month).
            let zone = try await app.app.services.organisation.current(on: app.app.db).timeZone
            let today = app.clock.now.formatted(
                Date.FormatStyle(date: .omitted, time: .omitted, locale: language.locale, timeZone: zone).day(.twoDigits).month(.twoDigits)
                    .year(.defaultDigits))
            #expect(visible.contains(today), "\(language): \(today)")
            if language != .sv { #expect(!visible.contains("2026-03-05"), "\(language): an ISO date among the reader's dates") }
            #expect(!visible.contains("5.3.2026") && !visible.contains("3/5/2026"), "\(language)")
        }
    }

    @Test("Without a preference the organisation's default language is used")
    func organisationDefault() async throws {
        try await TestApp.with { app in
            let settings = try await OrganisationSettings.current(on: app.app.db)
            _ = try await OrganisationSettingsService(app: app.app, actor: .system).update(
                expectedVersion: settings.version, .init(defaultLanguage: "sv"))
            #expect(try await Browser(app).get("/signin").body.contains("Logga in"))
        }
    }

    @Test("The switcher changes the language for the visitor, and for a signed-in user their setting")
    func switcher() async throws {
        try await TestApp.with { app in
            let anonymous = Browser(app, acceptLanguage: "en")
            let switched = try await anonymous.submit("/language", ["language": "de", "back": "/signin"], from: "/signin")
            #expect(switched.status == .seeOther)
            #expect(try await anonymous.get("/signin").body.contains("Anmelden"))

            let user = try await app.makeUser(.employee)
            let browser = Browser(app, acceptLanguage: "en")
            _ = try await browser.signIn(email: user.email, password: TestApp.password)
            _ = try await browser.submit("/language", ["language": "sv", "back": "/dashboard"], from: "/dashboard")
            #expect(try await User.find(user.id, on: app.app.db)?.languageRaw == "sv")
            // The account's setting follows the user to a new browser.
            let elsewhere = Browser(app, acceptLanguage: "en")
            _ = try await elsewhere.signIn(email: user.email, password: TestApp.password)
            #expect(try await elsewhere.get("/dashboard").body.contains("Översikt"))
        }
    }

    @Test("A form's validation error appears beside its field in the user's language")
    func localisedFieldError() async throws {
        try await TestApp.with { app in
            let admin = try await app.signedIn(.administrator, language: .de)
            let response = try await admin.submit(
                "/admin/users", ["name": "Neu", "email": "kaputt", "role": "employee", "password": "lang genug passwort"],
                from: "/admin/users/new")
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.contains(#"<span class="field-error" id="email-error">Das ist keine gültige E-Mail-Adresse.</span>"#))
            #expect(response.body.contains(#"aria-describedby="email-error""#))
            #expect(try await app.count(User.self) == 1)
        }
    }

    @Test("Dates are shown in the organisation's time zone")
    func timeZone() async throws {
        try await TestApp.with { app in
            let admin = try await app.signedIn(.administrator, language: .en)
            let settings = try await OrganisationSettings.current(on: app.app.db)
            _ = try await OrganisationSettingsService(app: app.app, actor: .system).update(
                expectedVersion: settings.version, .init(timeZone: "Asia/Tokyo"))
            // The test clock stands at 2026-11-18 11:06:40 UTC: 20:06 in Tokyo.
            let page = try await admin.get("/admin/users")
            #expect(page.body.contains("18/11/2026, 20:06"))
            #expect(!page.body.contains("18/11/2026, 11:06"))
        }
    }
}

@Suite("Catalogues")
struct CatalogueTests {
    static let localizer = try! Localizer.load(from: Resources.directory.appendingPathComponent("Locales"))

    static var sourceRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// Keys built at run time from enumerations, rather than written as literals.
    static var dynamicKeys: Set<String> {
        var keys = Set<String>()
        keys.formUnion(Role.allCases.map(\.labelKey))
        keys.formUnion(Domain.Action.allCases.map(\.labelKey))
        keys.formUnion(FieldError.Code.allCases.map(\.messageKey))
        keys.formUnion(Flash.allCases.map(\.key))
        keys.formUnion(BulkAssetAction.allCases.map(\.labelKey))
        keys.formUnion(AccessMethod.allCases.map(\.labelKey))
        keys.formUnion(DirectoryKind.allCases.map(\.labelKey))
        keys.formUnion(LDAPServer.Security.allCases.map(\.labelKey))
        keys.formUnion(DirectoryOperation.Kind.allCases.map(\.labelKey))
        keys.formUnion(DirectoryOperation.Status.allCases.map(\.labelKey))
        keys.formUnion(DirectoryAccount.Status.allCases.map(\.labelKey))
        keys.formUnion(AccessDecision.allCases.map(\.labelKey))
        keys.formUnion(["open", "overdue", "closed"].map { "review.state.\($0)" })
        keys.formUnion(Language.allCases.map { "language.\($0.rawValue)" })
        keys.formUnion(["scheduled", "queued"].map { "jobs.kind.\($0)" })
        keys.formUnion(["pending", "running", "done", "failed"].map { "jobs.status.\($0)" })
        keys.formUnion(JobRegistry.standard.scheduled.map { "jobs.name.\($0.name)" })
        keys.formUnion(["seconds", "minutes", "hours", "days"].map { "schedule.every.\($0)" })
        keys.formUnion((["every"] + (1...5).flatMap { [String($0), String(-$0)] }).map { "recurrence.nth.\($0)" })
        keys.formUnion(APIToken.Scope.allCases.map { "tokens.scope.\($0.rawValue)" })
        keys.formUnion(AppError.all.map(\.titleKey))
        keys.formUnion(Currency.all.map { "currency.\($0.code)" })
        keys.formUnion((1...12).map { "month.\($0)" })
        keys.formUnion(EmploymentStatus.allCases.map(\.labelKey))
        keys.formUnion(IPStatus.allCases.map { "ip.status.\($0.rawValue)" })
        keys.formUnion(["network.usage", "network.usage_unbounded"])
        keys.formUnion(AssetType.allCases.map(\.labelKey))
        keys.formUnion(AssetStatus.allCases.map(\.labelKey))
        keys.formUnion(DisposalMethod.allCases.map(\.labelKey))
        keys.formUnion(AssetEvent.Kind.allCases.map { "asset.event.\($0.rawValue)" })
        keys.formUnion(RefreshForecastService.Grouping.allCases.map { "forecast.by_\($0.rawValue)" })
        keys.formUnion(RefreshForecast.Reason.allCases.map(\.labelKey))
        keys.formUnion(ContractKind.allCases.map(\.labelKey))
        keys.formUnion(BillingPeriod.allCases.map(\.labelKey))
        keys.formUnion(ContractDecision.allCases.map(\.labelKey))
        keys.formUnion(NoticePeriod.Unit.allCases.flatMap { ["contract.unit.\($0.rawValue)", "contract.notice_\($0.rawValue)"] })
        keys.formUnion(ContractService.Deadline.Kind.allCases.map(\.labelKey))
        keys.formUnion(SoftwareCategory.allCases.map(\.labelKey))
        keys.formUnion(LicenceKind.allCases.map(\.labelKey))
        keys.formUnion(LicenceBilling.allCases.map(\.labelKey))
        keys.formUnion(LicencePosition.Status.allCases.map(\.labelKey))
        keys.formUnion(CriterionKind.allCases.map(\.labelKey))
        keys.formUnion(SearchMatch.allCases.map(\.labelKey))
        keys.formUnion(CustomFieldKind.allCases.map(\.labelKey))
        keys.formUnion(InterfaceKind.allCases.map(\.labelKey))
        keys.formUnion(CableKind.allCases.map(\.labelKey))
        keys.formUnion(CableSide.allCases.map { "cable.side.\($0.rawValue)" })
        keys.formUnion(["missing_price", "mixed_currencies"].map { "evaluation.price_problem.\($0)" })
        keys.formUnion(
            ["unknown_column", "missing_column", "duplicate_in_file", "erased", "not_json_table", "empty_file"].map { "import.\($0)" })
        keys.formUnion(["unterminated_quote", "text_after_quote", "not_utf8"].map { "import.\($0)" })
        keys.formUnion(TransferTable.allCases.map { "import.\($0.rawValue)" })
        keys.formUnion(["serial_ambiguous", "holder_needs_deployed", "dispose_in_app"].map { "import.\($0)" })
        keys.formUnion(SMTPClient.Security.allCases.map(\.labelKey))
        keys.formUnion(WebhookFormat.allCases.map(\.labelKey))
        keys.formUnion(NotificationTopic.allCases.map(\.labelKey))
        keys.formUnion(OutboxMessage.Status.allCases.map(\.labelKey))
        keys.formUnion(DeliveryProblem.Code.allCases.map(\.labelKey))
        keys.formUnion(NotificationChannel.Kind.allCases.map(\.labelKey))
        keys.formUnion(CheckStatus.allCases.map(\.labelKey))
        keys.formUnion(CheckKind.allCases.map(\.labelKey))
        keys.formUnion(ProbeResult.Problem.allCases.map(\.labelKey))
        keys.formUnion(AlertEvent.Kind.allCases.map(\.labelKey))
        keys.formUnion((HoldReason.allCases.map(\.rawValue) + ["rate_limited"]).map { "alert.hold.\($0)" })
        keys.formUnion(ThresholdUnit.allCases.map { "check.unit.\($0.rawValue)" })
        keys.formUnion(MaintenanceWindow.Scope.allCases.map(\.labelKey))
        keys.formUnion(MaintenanceCadence.Unit.allCases.flatMap { [$0.labelKey, "task.every.\($0.rawValue)"] })
        keys.formUnion(MaintenanceDueState.allCases.map(\.labelKey))
        keys.formUnion(["trend", "warranty", "end_of_life"].map { "risk.kind.\($0)" })
        keys.formUnion(
            ["operational", "degraded", "down", "unknown"].flatMap { ["status_page.condition.\($0)", "status_page.summary.\($0)"] })
        keys.formUnion(MaintenanceCompletion.Result.allCases.map(\.labelKey))
        keys.formUnion(MaintenanceTaskPages.TaskForm.fields.map { "task.field.\($0)" })
        keys.formUnion(["assetTag", "siteId", "firstDue", "leadDays", "steps"].map { "task.hint.\($0)" })
        keys.formUnion(MonitorPages.CheckForm.textFields.map { "check.field.\($0)" } + ["check.field.channels"])
        keys.formUnion(
            [
                "assetTag", "service", "target", "intervalSeconds", "graceSeconds", "problemsBeforeHard", "warning", "banner", "statuses",
                "serverName", "resolver", "expected", "oids", "parentId", "escalateAfterMinutes", "channels", "statusPage",
            ].map { "check.hint.\($0)" })
        keys.formUnion(
            [
                "banner", "method", "statuses", "bodyContains", "bodyExcludes", "followRedirects", "verifyCertificate", "serverName",
                "recordType", "resolver", "expected", "community", "oids", "graceSeconds",
            ].map { "check.setting.\($0)" })
        keys.formUnion(["days", "weeks", "months"].map { "audit.unit.\($0)" })
        keys.formUnion(UsageReport.Grouping.allCases.map { "usage.group.\($0.rawValue)" })
        keys.formUnion(UsageLogFormat.allCases.map { "usage.format.\($0.rawValue)" })
        keys.formUnion(UsageCategories.starterNames.map { "usage.category.\($0)" })
        keys.formUnion(UsageRule.Kind.allCases.map(\.labelKey))
        keys.formUnion(Reidentification.Status.allCases.map(\.labelKey))
        keys.formUnion(CableColour.allCases.map(\.labelKey))
        keys.formUnion(DashboardPanel.allCases.flatMap { [$0.titleKey, $0.emptyKey] })
        keys.formUnion(UserPreferences.ColourScheme.allCases.map(\.labelKey))
        keys.formUnion(ChartRange.allCases.map(\.labelKey))
        // The audit trail's words are looked up by the codes entries carry; `AuditLog` asserts in debug builds that every
        // entry written has them, so the whole suite is the check that none is missing.
        keys.formUnion(
            localizer.catalogue(.en).entries.keys.filter { key in
                ["audit.entity.", "audit.verb.", "audit.action.", "audit.field."].contains { key.hasPrefix($0) }
            })
        return keys
    }

    /// Every string literal in the sources and every #t/#tn key in the templates.
    static var literalKeys: Set<String> {
        var keys = Set<String>()
        let files = FileManager.default.enumerator(at: sourceRoot.appendingPathComponent("Sources/App"), includingPropertiesForKeys: nil)!
        let literal = try! NSRegularExpression(pattern: #""([a-z_]+(?:\.[a-z0-9_\-]+)+)""#)
        for case let url as URL in files where ["swift", "leaf"].contains(url.pathExtension) {
            let text = try! String(contentsOf: url, encoding: .utf8)
            for match in literal.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                keys.insert(String(text[Range(match.range(at: 1), in: text)!]))
            }
        }
        return keys
    }

    @Test("Every catalogue has exactly the keys of every other")
    func sameKeys() {
        let english = Set(Self.localizer.catalogue(.en).entries.keys)
        for language in Language.allCases {
            let keys = Set(Self.localizer.catalogue(language).entries.keys)
            #expect(english.subtracting(keys).isEmpty, "\(language) lacks \(english.subtracting(keys).sorted())")
            #expect(keys.subtracting(english).isEmpty, "\(language) has extra \(keys.subtracting(english).sorted())")
        }
    }

    @Test("Every key the code and templates use exists in every catalogue")
    func noMissingKey() throws {
        let templates = FileManager.default.enumerator(
            at: Resources.directory.appendingPathComponent("Views"), includingPropertiesForKeys: nil)!
        // #t("key"), #tn("key", n), and the design system's tags, whose label key follows the field's name.
        let tag = try NSRegularExpression(
            pattern: #"#(?:tn?\(|(?:field|select|textarea|checkbox|money)\("[^"]*", *|empty\(|checkboxes\()"([^"]+)""#)
        var used = Self.dynamicKeys
        for case let url as URL in templates where url.pathExtension == "leaf" {
            let text = try String(contentsOf: url, encoding: .utf8)
            for match in tag.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                used.insert(String(text[Range(match.range(at: 1), in: text)!]))
            }
        }
        for language in Language.allCases {
            let missing = used.subtracting(Self.localizer.catalogue(language).entries.keys)
            #expect(missing.isEmpty, "\(language) lacks \(missing.sorted())")
        }
    }

    @Test("No catalogue carries a key the code never uses")
    func noUnusedKey() {
        let used = Self.dynamicKeys.union(Self.literalKeys)
        let unused = Set(Self.localizer.catalogue(.en).entries.keys).subtracting(used)
        #expect(unused.isEmpty, "unused keys: \(unused.sorted())")
    }

    @Test("Translations are real: few texts are the same as the English")
    func notEnglishCopies() {
        let english = Self.localizer.catalogue(.en).entries
        for language in [Language.de, .et, .sv] {
            let entries = Self.localizer.catalogue(language).entries
            let same = english.filter { entries[$0.key] == $0.value }.map(\.key)
            #expect(Double(same.count) / Double(english.count) < 0.08, "\(language) copies English for \(same.sorted())")
        }
    }

    @Test("Placeholders survive translation")
    func placeholders() throws {
        let placeholder = try NSRegularExpression(pattern: #"\{[a-z]+\}"#)
        func names(_ entry: Catalogue.Entry) -> Set<String> {
            let texts: [String]
            switch entry {
            case .text(let text): texts = [text]
            case .plural(let forms): texts = Array(forms.values)
            }
            return Set(
                texts.flatMap { text in
                    placeholder.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
                        String(text[Range($0.range, in: text)!])
                    }
                })
        }
        for (key, entry) in Self.localizer.catalogue(.en).entries {
            for language in [Language.de, .et, .sv] {
                guard let translated = Self.localizer.catalogue(language).entries[key] else { continue }
                #expect(names(translated) == names(entry), "\(language) \(key)")
            }
        }
    }
}
