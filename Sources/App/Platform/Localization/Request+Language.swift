import Domain
import Foundation
import Vapor

extension Request {
    private struct LanguageKey: StorageKey { typealias Value = Language }
    private struct TimeZoneKey: StorageKey { typealias Value = TimeZone }

    /// The reader's language: their own setting, else the switcher's cookie, else Accept-Language, else the
    /// organisation's default. Set by `LanguageMiddleware`.
    var language: Language {
        get {
            // Before LanguageMiddleware has run (an early error), the browser's preference still counts.
            storage[LanguageKey.self] ?? headers.first(name: .acceptLanguage).flatMap(Language.negotiate(acceptLanguage:)) ?? .en
        }
        set { storage[LanguageKey.self] = newValue }
    }

    /// The organisation's time zone, in which every time is shown.
    var organisationTimeZone: TimeZone {
        get { storage[TimeZoneKey.self] ?? TimeZone(identifier: "UTC")! }
        set { storage[TimeZoneKey.self] = newValue }
    }

    /// The zone times are shown in: the reader's own choice, else the organisation's. Calendar days (due dates, reports)
    /// stay the organisation's: they are the company's days.
    var displayTimeZone: TimeZone {
        principal?.preferences.timeZone.flatMap(TimeZone.init(identifier:)) ?? organisationTimeZone
    }

    /// The rows a page's list shows when none is asked for: the reader's choice, else 50. The API keeps its documented 50.
    var pageSize: Int { isAPI ? ListQuery.defaultLimit : principal?.preferences.pageSize ?? ListQuery.defaultLimit }

    func t(_ key: String, _ arguments: [String: String] = [:]) -> String {
        services.localizer.text(key, language, arguments)
    }
}

/// Decides the request's language and loads the organisation's time zone.
struct LanguageMiddleware: AsyncMiddleware {
    static let cookieName = "qm_lang"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let organisation = try await request.services.organisation.current(on: request.db)
        request.organisationTimeZone = organisation.timeZone
        if let language = request.principal?.language {
            request.language = language
        } else if let raw = request.cookies[Self.cookieName]?.string, let language = Language(rawValue: raw) {
            request.language = language
        } else if let header = request.headers.first(name: .acceptLanguage), let language = Language.negotiate(acceptLanguage: header) {
            request.language = language
        } else {
            request.language = Language(rawValue: organisation.defaultLanguage) ?? .en
        }
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: .contentLanguage, value: request.language.rawValue)
        return response
    }
}

extension Request {
    /// A time in the reader's zone (`displayTimeZone`) and language, for page contexts.
    func dateTime(_ date: Date?) -> String {
        guard let date else { return "–" }
        return services.localizer.dateTime(date, language, timeZone: displayTimeZone)
    }

    /// A stored calendar date (`2026-12-07`) as the reader's language writes dates everywhere else; "–" when there is none.
    func date(_ text: String?) -> String {
        guard let text, let day = CalendarDate(text) else { return text?.nilIfEmpty ?? "–" }
        return services.localizer.date(day, language)
    }
}
