import Domain
import Fluent
import Foundation
import Vapor

/// "My team" for managers and "what Quartermaster holds about me" for everyone.
struct SelfServicePages: Sendable {
    struct TeamContent: Encodable {
        struct Member: Encodable {
            let href: String?
            let name: String
            let jobTitle: String
            let statusKey: String
            let level: Int
            let via: String
        }

        let members: [Member]
        let hasRecord: Bool
    }

    func team(_ req: Request) async throws -> Response {
        let canReadPeople = req.may(.readPeople)
        guard let me = try await req.signedInEmployee() else {
            return try await req.page("organisation/team", titleKey: "team.title", TeamContent(members: [], hasRecord: false))
        }
        let members = try await Team.of(me.id!, on: req.db)
        let names = Dictionary(uniqueKeysWithValues: ([me] + members.map(\.employee)).map { ($0.id!, $0.fullName) })
        return try await req.page(
            "organisation/team", titleKey: "team.title",
            TeamContent(
                members: members.map {
                    .init(
                        href: canReadPeople ? Paths.employee.path($0.employee.id!) : nil, name: $0.employee.fullName,
                        jobTitle: $0.employee.jobTitle ?? "",
                        statusKey: $0.employee.status.labelKey, level: $0.level,
                        via: $0.level > 1 ? $0.employee.managerID.flatMap { names[$0] } ?? "" : "")
                }, hasRecord: true))
    }

    struct DataContent: Encodable {
        struct Section: Encodable {
            let titleKey: String
            let rows: [[String]]
        }

        let sections: [Section]
        let downloadHref: String
    }

    func myData(_ req: Request) async throws -> Response {
        let data = try await PersonalDataExport.gather(for: req.principal!.userID, box: req.services.secretBox, on: req.db, now: req.now)
        var sections = [
            DataContent.Section(
                titleKey: "mydata.account",
                rows: [
                    [req.t("users.email"), data.account.email], [req.t("users.name"), data.account.name],
                    [req.t("users.role"), req.t("role.\(data.account.role)")],
                    [
                        req.t("profile.language"),
                        data.account.language.map { req.t("language.\($0)") } ?? req.t("language.organisation_default"),
                    ],
                    [req.t("mydata.created"), req.dateTime(data.account.createdAt)],
                    [req.t("users.last_sign_in"), req.dateTime(data.account.lastSignInAt)],
                    [req.t("preferences.time_zone"), data.account.timeZone ?? "–"],
                    [req.t("preferences.page_size"), data.account.pageSize.map { req.services.localizer.number($0, req.language) } ?? "–"],
                    [
                        req.t("preferences.scheme"),
                        req.t(UserPreferences(storedTimeZone: nil, pageSize: nil, scheme: data.account.colourScheme).scheme.labelKey),
                    ],
                    [req.t("preferences.columns"), data.account.listColumns ?? "–"],
                ])
        ]
        if let employee = data.employee {
            sections.append(
                .init(
                    titleKey: "mydata.employee",
                    rows: [
                        [req.t("employees.number"), employee.employeeNumber],
                        [req.t("employees.name"), "\(employee.firstName) \(employee.lastName)"],
                        [req.t("employees.job_title"), employee.jobTitle ?? "–"],
                        [req.t("employees.work_email"), employee.workEmail ?? "–"],
                        [req.t("employees.phone"), employee.phone ?? "–"], [req.t("employees.start_date"), employee.startDate ?? "–"],
                        [req.t("employees.status"), req.t(employee.status.labelKey)],
                    ]))
        }
        if data.employee != nil {
            sections.append(
                .init(
                    titleKey: "mydata.equipment",
                    rows: data.equipment.map { item in
                        [
                            item.tag, [item.name, item.model].filter { !$0.isEmpty }.joined(separator: " · "),
                            item.receiptConfirmedAt.map { req.t("mydata.receipt_confirmed", ["time": req.dateTime($0)]) }
                                ?? req.t("mydata.receipt_open"),
                        ]
                    }))
            sections.append(
                .init(
                    titleKey: "mydata.access",
                    rows: data.access.map { item in
                        [
                            item.application, req.dateTime(item.grantedAt),
                            item.revokedAt.map { req.t("mydata.access_until", ["time": req.dateTime($0)]) }
                                ?? req.t("mydata.access_current"),
                        ]
                    }))
            if let account = data.directoryAccount {
                sections.append(
                    .init(
                        titleKey: "mydata.directory",
                        rows: [
                            [req.t("directory.account.username"), account.username],
                            [req.t("directory.account.dn"), account.dn],
                            [req.t("directory.account.status"), req.t("directory.account.status.\(account.status)")],
                        ]))
            }
            sections.append(
                .init(
                    titleKey: "mydata.reviews",
                    rows: data.accessReviews.map { item in
                        [
                            item.review, item.application, req.t("review.decision.\(item.decision)"),
                            item.decidedAt.map { req.dateTime($0) } ?? "–",
                        ]
                    }))
            let usage = data.usage
            sections.append(
                .init(
                    titleKey: "mydata.usage",
                    rows: (usage?.web.prefix(50).map { [$0.day, $0.domain, req.services.localizer.number(Int($0.requests), req.language)] }
                        ?? [])
                        + (usage?.mail.prefix(50).map {
                            [$0.day, req.t("mydata.mail_counts", ["sent": String($0.sent), "received": String($0.received)])]
                        } ?? [])))
        }
        sections.append(
            .init(
                titleKey: "tokens.title",
                rows: data.apiTokens.map { [$0.label, req.t("tokens.scope.\($0.scope)"), req.dateTime($0.createdAt)] }))
        sections.append(
            .init(
                titleKey: "mydata.sessions",
                rows: data.sessions.map { [req.dateTime($0.createdAt), $0.clientAddress ?? "–", $0.userAgent ?? "–"] }))
        sections.append(
            .init(
                titleKey: "mydata.sign_ins",
                rows: data.signInAttempts.prefix(50).map {
                    [req.dateTime($0.occurredAt), $0.clientAddress, req.t($0.succeeded ? "mydata.succeeded" : "mydata.failed")]
                }))
        sections.append(
            .init(titleKey: "mydata.activity", rows: data.activity.prefix(50).map { [req.dateTime($0.occurredAt), $0.action] }))
        return try await req.page(
            "organisation/my-data", titleKey: "mydata.title", DataContent(sections: sections, downloadHref: Paths.apiMyData.path))
    }
}
