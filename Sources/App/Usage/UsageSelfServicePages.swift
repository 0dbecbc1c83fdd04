import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// What employees see of usage monitoring: `/usage/about`, the page that says what is collected and why, generated from
/// the settings; and `/usage/mine`, their own usage data (GDPR Art. 15), found by
/// computing their pseudonym under each period's key.
struct UsageSelfServicePages: Sendable {
    struct MineContent: Encodable {
        struct WebRow: Encodable {
            let day: String
            let domain: String
            let requests: String
            let volume: String
            let denied: String
        }

        struct MailRow: Encodable {
            let day: String
            let sent: String
            let received: String
            let external: String
            let largest: String
        }

        let linked: Bool
        let pseudonyms: [String]
        let web: [WebRow]
        let mail: [MailRow]
        var reidentified: [String] = []
    }

    func mine(_ req: Request) async throws -> Response {
        let localizer = req.services.localizer
        let language = req.language
        let number = { (value: Int64) in localizer.number(Int(value), language) }
        let day = { (text: String) in CalendarDate(text).map { localizer.date($0, language) } ?? text }
        guard let employee = try await req.signedInEmployee() else {
            return try await req.page(
                "usage/mine", titleKey: "usage.mine.title", MineContent(linked: false, pseudonyms: [], web: [], mail: []))
        }
        let data = try await UsageOwnData.of(employee.id!, box: req.services.secretBox, on: req.db)
        return try await req.page(
            "usage/mine", titleKey: "usage.mine.title",
            MineContent(
                linked: true, pseudonyms: data.pseudonyms,
                web: data.web.map {
                    .init(
                        day: day($0.day), domain: $0.domain.isEmpty ? "–" : $0.domain, requests: number($0.requests),
                        volume: localizer.bytes($0.bytes, language), denied: number($0.denied))
                },
                mail: data.mail.map {
                    .init(
                        day: day($0.day), sent: number($0.sent), received: number($0.received), external: number($0.externalRecipients),
                        largest: localizer.bytes($0.largestBytes, language))
                },
                reidentified: data.reidentified.map {
                    req.t(
                        "usage.mine.reidentified_line",
                        ["day": day($0.day), "rule": $0.rule, "requester": $0.requester, "reason": $0.reason, "decider": $0.decider])
                }))
    }

    struct AboutContent: Encodable {
        struct Item: Encodable {
            let label: String
            let on: Bool
        }

        let collected: [Item]
        let retention: String
        let minimum: String
        let reidentificationDays: String
        let notifyEmployee: Bool
        let readers: [String]
        let managers: [String]
        let rawBuffer: String?
        let workday: String
    }

    func about(_ req: Request) async throws -> Response {
        let policy = try await UsageSettings.current(on: req.db).policy
        let localizer = req.services.localizer
        let switches = policy.switches.effective
        let roles = { (action: Domain.Action) in
            req.services.permissions.roles(allowedTo: action).filter { $0 != .administrator }.map { req.t($0.labelKey) }
        }
        return try await req.page(
            "usage/about", titleKey: "usage.about.title",
            AboutContent(
                collected: [
                    .init(label: req.t("usage.switch.web"), on: switches.web),
                    .init(label: req.t("usage.switch.web_domains"), on: switches.webDomains),
                    .init(label: req.t("usage.switch.web_hours"), on: switches.webHours),
                    .init(label: req.t("usage.switch.mail"), on: switches.mail),
                    .init(label: req.t("usage.switch.findings"), on: switches.findings),
                ],
                retention: localizer.number(policy.retentionDays, req.language),
                minimum: localizer.number(policy.minimumGroupSize, req.language),
                reidentificationDays: localizer.number(policy.reidentificationDays, req.language), notifyEmployee: policy.notifyEmployee,
                readers: roles(.readUsageReports), managers: roles(.manageUsage),
                rawBuffer: policy.rawBufferDays > 0 ? localizer.number(policy.rawBufferDays, req.language) : nil,
                workday: String(format: "%02d:00–%02d:00", policy.workdayStartHour, policy.workdayEndHour)))
    }
}

/// A starter for the data-protection impact assessment (GDPR Art. 35), written from the current settings in the reader's
/// language as Markdown: what is processed, why, on what basis, for whom, how long, the risks and the measures taken.
/// The organisation completes and signs it; Quartermaster keeps it true to what the software actually does.
