import Domain
import Fluent
import Foundation
import Testing
import Vapor

@testable import App

@Suite("Notifications: mail over real SMTP, webhooks over real HTTP, the outbox, deadline reminders", .serialized)
struct NotificationTests {
    /// A contract whose notice deadline is 13 days off and a laptop whose warranty ends in 7, as the test clock stands
    /// (2026-11-18, Europe/Tallinn).
    func deadlines(_ app: TestApp, _ api: APIClient) async throws {
        let vendor = try await api.call(.POST, "/api/v1/vendors", ["name": "Elisa"]).json
        let contract = try await api.call(
            .POST, "/api/v1/contracts",
            [
                "vendorId": vendor["id"] as? String ?? "", "title": "Office 365", "kind": "saas", "startDate": "2024-01-01",
                "endDate": "2024-12-31", "noticeValue": 30, "noticeUnit": "days", "autoRenews": true,
            ])
        #expect(contract.status == .created, "\(contract.body)")
        let service = AssetService(app: app.app, actor: .system)
        let model = try await service.createModel(.init(manufacturer: "Dell", name: "Latitude 5440", type: "laptop"))
        _ = try await service.create(.init(tag: "NB-1", modelID: model.id, purchaseDate: "2023-11-25", warrantyEnd: "2026-11-25"))
    }

    func mailSettings(_ port: Int, security: String = "starttls", verify: Bool = false) -> [String: Any] {
        [
            "smtpHost": "127.0.0.1", "smtpPort": port, "smtpSecurity": security, "smtpUsername": "qm", "smtpPassword": "s3cret pässword",
            "smtpVerifyCertificate": verify, "fromAddress": "it@example.ee", "fromName": "IT-Abteilung Müller",
            "publicURL": "https://qm.example.ee/",
        ]
    }

    @Test("Deadline reminders reach a real SMTP server over STARTTLS with AUTH, in the channel's language, once per lead time")
    func remindersByMail() async throws {
        try await Peer.with("smtp_sink.py", ["--mode", "starttls", "--user", "qm", "--password", "s3cret pässword"]) { smtp in
            try await TestApp.with { app in
                let (manager, token) = try await app.token(.itManager)
                let api = APIClient(app, token: token)
                try await deadlines(app, api)
                let settings = try await api.call(
                    .PATCH, "/api/v1/notification-settings", mailSettings(smtp.port), headers: ["If-Match": "\"1\""])
                #expect(settings.status == .ok, "\(settings.body)")
                #expect(settings.json["passwordSet"] as? Bool == true && !settings.body.contains("s3cret"))
                let channel = try await api.call(
                    .POST, "/api/v1/notification-channels",
                    [
                        "name": "IT by mail", "kind": "email", "recipients": ["desk@example.ee"], "role": "it_manager",
                        "topics": ["deadlines"],
                        "language": "de",
                    ])
                #expect(channel.status == .created, "\(channel.body)")

                #expect(try await DeadlineReminders.run(app: app.app, now: app.clock.now) == 2)
                let report = try await NotificationService(app: app.app, actor: .system).deliverDue()
                #expect(report == .init(sent: 1, retrying: 0, failed: 0))
                let mails = try smtp.received()
                try #require(mails.count == 1)
                let mail = mails[0]
                #expect(mail["tls"] as? Bool == true && mail["authenticated"] as? Bool == true)
                #expect(mail["mail_from"] as? String == "it@example.ee")
                #expect(Set(mail["rcpt_tos"] as? [String] ?? []) == ["desk@example.ee", manager.email.lowercased()])
                #expect(mail["subject"] as? String == "2 Fristen stehen an")
                #expect(mail["from"] as? String == "IT-Abteilung Müller <it@example.ee>")
                #expect(mail["auto_submitted"] as? String == "auto-generated")
                let body = mail["body"] as? String ?? ""
                #expect(body.contains("2026-11-25 · in 7 Tagen · Garantie endet: NB-1 Dell Latitude 5440"), "\(body)")
                #expect(body.contains("2026-12-01 · in 13 Tagen · "))
                #expect(body.contains("Office 365"))
                #expect(body.contains("https://qm.example.ee/deadlines?days=30"))

                // The same lead time does not remind twice; the 7-day one reminds of the contract when it gets there.
                #expect(try await DeadlineReminders.run(app: app.app, now: app.clock.now) == 0)
                app.clock.advance(6 * 86400)
                #expect(try await DeadlineReminders.run(app: app.app, now: app.clock.now) == 1)
                _ = try await NotificationService(app: app.app, actor: .system).deliverDue()
                #expect(try smtp.received().last?["subject"] as? String == "1 Frist steht an")

                let outbox = try await api.call(.GET, "/api/v1/notifications?status=sent").json
                #expect(outbox["total"] as? Int == 2)
                let first = try #require((outbox["items"] as? [[String: Any]])?.last)
                #expect(first["attempts"] as? Int == 1 && first["lastError"] == nil)
                #expect(try await AuditEntry.query(on: app.app.db).all().allSatisfy { !$0.changesJSON.contains("s3cret") })
            }
        }
    }

    @Test("Implicit TLS works; a certificate that cannot be verified fails, is retried with backoff, then shows as failed until retried")
    func failuresAreKeptAndShown() async throws {
        try await Peer.with("smtp_sink.py", ["--mode", "tls", "--user", "qm", "--password", "s3cret pässword"]) { smtp in
            try await TestApp.with { app in
                let (_, token) = try await app.token(.itManager)
                let api = APIClient(app, token: token)
                _ = try await api.call(
                    .PATCH, "/api/v1/notification-settings", mailSettings(smtp.port, security: "tls", verify: true),
                    headers: ["If-Match": "\"1\""])
                let channel = try await api.call(
                    .POST, "/api/v1/notification-channels",
                    ["name": "Desk", "kind": "email", "recipients": ["desk@example.ee"], "topics": ["deadlines"], "language": "en"]
                ).json
                let channelID = try #require(channel["id"] as? String)
                #expect(try await api.call(.POST, "/api/v1/notification-channels/\(channelID)/test").status == .accepted)
                let service = NotificationService(app: app.app, actor: .system)
                let retry = DeliveryRetry(backoff: RetryBackoff(base: 60, maximum: 3600), maximumAttempts: 2)
                #expect(try await service.deliverDue(retry: retry) == .init(sent: 0, retrying: 1, failed: 0))
                #expect(try smtp.received().isEmpty)
                var message = try #require(try await api.call(.GET, "/api/v1/notifications").json["items"] as? [[String: Any]]).first
                #expect(message?["status"] as? String == "pending" && message?["attempts"] as? Int == 1)
                let error = message?["lastError"] as? String ?? ""
                #expect(error.lowercased().contains("certificate") || error.contains("handshake"), "\(error)")
                // Not due again until the backoff has passed.
                #expect(try await service.deliverDue(retry: retry) == .init())
                app.clock.advance(61)
                #expect(try await service.deliverDue(retry: retry) == .init(sent: 0, retrying: 0, failed: 1))

                let page = try await app.signedIn(.itManager, language: .de).get("/admin/notifications")
                #expect(page.status == .ok)
                #expect(page.body.contains("outbox-failed") && page.body.contains("Quartermaster test message"))
                // Why it failed, in the reader's language, with what the TLS layer said.
                let failed = try #require(try await api.call(.GET, "/api/v1/notifications").json["items"] as? [[String: Any]]).first
                let code = try #require(failed?["lastErrorCode"] as? String)
                let german = app.app.services.localizer.text("outbox.error.\(code)", .de, ["detail": ""])
                #expect(page.body.contains(german.trimmingCharacters(in: .whitespaces)), "\(code)")
                #expect(page.body.contains("/retry"))

                // Once the certificate is no longer checked, the retried message goes over TLS.
                _ = try await api.call(
                    .PATCH, "/api/v1/notification-settings", ["smtpVerifyCertificate": false], headers: ["If-Match": "\"2\""])
                message = try #require(try await api.call(.GET, "/api/v1/notifications").json["items"] as? [[String: Any]]).first
                let retried = try await api.call(.POST, "/api/v1/notifications/\(message?["id"] as? String ?? "")/retry")
                #expect(retried.status == .ok && retried.json["status"] as? String == "pending" && retried.json["attempts"] as? Int == 0)
                #expect(try await service.deliverDue(retry: retry) == .init(sent: 1, retrying: 0, failed: 0))
                let mail = try #require(try smtp.received().first)
                #expect(mail["tls"] as? Bool == true && mail["subject"] as? String == "Quartermaster test message")
                #expect(try await AuditEntry.query(on: app.app.db).filter(\.$action == "notification.retry").count() == 1)
            }
        }
    }

    @Test("Webhooks: Slack and Teams bodies reach a real HTTP receiver; a receiver answering 500 is retried; the URL stays secret")
    func webhooks() async throws {
        try await Peer.with("webhook_sink.py") { hooks in
            try await TestApp.with { app in
                let (_, token) = try await app.token(.itManager)
                let api = APIClient(app, token: token)
                try await deadlines(app, api)
                let base = "http://127.0.0.1:\(hooks.port)/services/T000/B000/XXXXSECRET"
                for (name, format, url) in [
                    ("Slack", "slack", base), ("Teams", "teams", base + "/teams"), ("Down", "generic", base + "/fail"),
                ] {
                    let created = try await api.call(
                        .POST, "/api/v1/notification-channels",
                        [
                            "name": name, "kind": "webhook", "webhookURL": url, "webhookFormat": format, "topics": ["deadlines"],
                            "language": "et",
                        ])
                    #expect(created.status == .created, "\(created.body)")
                    #expect(created.json["webhookHost"] as? String == "127.0.0.1" && !created.body.contains("SECRET"))
                }
                #expect(try await DeadlineReminders.run(app: app.app, now: app.clock.now) == 2)
                #expect(try await NotificationService(app: app.app, actor: .system).deliverDue() == .init(sent: 2, retrying: 1, failed: 0))
                let received = try hooks.received()
                #expect(received.count == 2)
                let slack = try #require(
                    received.first { ($0["path"] as? String)?.hasSuffix("XXXXSECRET") == true }?["body"] as? [String: Any])
                #expect((slack["text"] as? String)?.hasPrefix("*2 tähtaega läheneb*\n") == true, "\(slack)")
                let teams = try #require(received.first { ($0["path"] as? String)?.hasSuffix("/teams") == true }?["body"] as? [String: Any])
                #expect(teams["type"] as? String == "message")
                #expect(received.allSatisfy { $0["content_type"] as? String == "application/json" })
                let failing = try await api.call(.GET, "/api/v1/notifications?status=pending").json["items"] as? [[String: Any]]
                #expect(failing?.first?["lastErrorCode"] as? String == "webhook_status")
                #expect(
                    failing?.first?["lastError"] as? String
                        == app.app.services.localizer.text("outbox.error.webhook_status", .en, ["detail": "500 (127.0.0.1)"]))
                let listed = try await api.call(.GET, "/api/v1/notification-channels").body
                #expect(!listed.contains("SECRET"))
                #expect(try await AuditEntry.query(on: app.app.db).all().allSatisfy { !$0.changesJSON.contains("SECRET") })
            }
        }
    }

    @Test("Bad settings and channels are refused with localised field errors; nothing is changed")
    func validation() async throws {
        try await TestApp.with { app in
            let (_, token) = try await app.token(.itManager)
            let api = APIClient(app, token: token, acceptLanguage: "de")
            let clear = try await api.call(
                .PATCH, "/api/v1/notification-settings", ["smtpHost": "mail.example.ee", "smtpSecurity": "none", "smtpUsername": "qm"],
                headers: ["If-Match": "\"1\""])
            #expect(clear.status == .unprocessableEntity)
            #expect(clear.body.contains("smtpSecurity") && clear.body.contains("nie im Klartext"), "\(clear.body)")
            #expect(clear.body.contains("fromAddress"))
            let lead = try await api.call(
                .PATCH, "/api/v1/notification-settings", ["deadlineLeadDays": [30, 400], "publicURL": "qm.example.ee"],
                headers: ["If-Match": "\"1\""])
            #expect(lead.status == .unprocessableEntity && lead.body.contains("deadlineLeadDays") && lead.body.contains("publicURL"))
            #expect(try await NotificationSettings.current(on: app.app.db).version == 1)
            #expect(
                try await api.call(.PATCH, "/api/v1/notification-settings", ["fromName": "IT"], headers: ["If-Match": "\"7\""]).status
                    == .preconditionFailed)
            let badMail = try await api.call(
                .POST, "/api/v1/notification-channels",
                ["name": "X", "kind": "email", "recipients": ["not-an-address"], "topics": ["deadlines"]])
            #expect(badMail.status == .unprocessableEntity && badMail.body.contains("recipients"))
            let noURL = try await api.call(
                .POST, "/api/v1/notification-channels", ["name": "X", "kind": "webhook", "topics": ["deadlines"]])
            #expect(noURL.status == .unprocessableEntity && noURL.body.contains("webhookURL"))
            let noTopic = try await api.call(
                .POST, "/api/v1/notification-channels", ["name": "X", "kind": "email", "recipients": ["a@example.ee"], "topics": []])
            #expect(noTopic.status == .unprocessableEntity && noTopic.body.contains("topics"))
            #expect(try await app.count(NotificationChannel.self) == 0)

            // The page: the form comes back with the error beside the field, in the reader's language.
            let browser = try await app.signedIn(.itManager, language: .sv)
            let page = try await browser.submit(
                "/admin/notifications/settings",
                ["version": "1", "smtpPort": "587", "smtpSecurity": "starttls", "deadlineLeadDays": "snart"],
                from: "/admin/notifications")
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("Ange hela antal dagar"))
            let saved = try await browser.submit(
                "/admin/notifications/settings",
                [
                    "version": "1", "smtpHost": "mail.example.se", "smtpPort": "587", "smtpSecurity": "starttls",
                    "fromAddress": "it@example.se",
                    "fromName": "IT", "deadlineLeadDays": "60, 14", "smtpVerifyCertificate": "on",
                ],
                from: "/admin/notifications")
            #expect(saved.status == .seeOther, "\(saved.body)")
            let stored = try await NotificationSettings.current(on: app.app.db)
            #expect(stored.smtpHost == "mail.example.se" && stored.leadTimes.days == [60, 14] && stored.version == 2)
            let created = try await browser.submit(
                "/admin/notifications/channels/new",
                [
                    "name": "Servicedesk", "kind": "email", "recipients": "desk@example.se", "role": "", "topic.deadlines": "on",
                    "language": "sv",
                    "enabled": "on",
                ])
            #expect(created.status == .seeOther, "\(created.body)")
            let listing = try await browser.get("/admin/notifications")
            #expect(
                listing.body.contains("Servicedesk") && listing.body.contains("desk@example.se") && listing.body.contains("Tidsfrister"))
        }
    }

    @Test("Only roles that may manage notifications reach the pages and the API; forms need the CSRF token")
    func permissions() async throws {
        try await TestApp.with { app in
            for role in [Role.technician, .executive, .employee, .peopleOfficer] {
                let (_, token) = try await app.token(role)
                let api = APIClient(app, token: token)
                #expect(try await api.call(.GET, "/api/v1/notification-settings").status == .forbidden, "\(role)")
                #expect(try await api.call(.GET, "/api/v1/notifications").status == .forbidden, "\(role)")
                #expect(
                    try await api.call(.POST, "/api/v1/notification-channels", ["name": "X", "kind": "email"]).status == .forbidden,
                    "\(role)")
                #expect(try await app.signedIn(role).get("/admin/notifications").status == .forbidden, "\(role)")
            }
            let manager = try await app.signedIn(.itManager)
            #expect(try await manager.get("/admin/notifications").status == .ok)
            let forged = try await manager.submit("/admin/notifications/settings", ["version": "1", "smtpHost": "evil"], csrf: "forged")
            #expect(forged.status == .forbidden)
            #expect(try await NotificationSettings.current(on: app.app.db).smtpHost == "")
        }
    }
}
