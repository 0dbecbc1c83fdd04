import Domain
import Fluent
import Foundation
import Vapor

/// The first page after sign-in, shaped by the reader's role (`DashboardPanel.plan`): key figures on top, then one
/// panel per thing that may need the reader today, each ending in an empty state that says what to do next.
struct Dashboard: Sendable {
    struct Content: Encodable {
        let greeting: String
        let roleKey: String
        let cards: [Card]
        let panels: [Panel]
    }

    /// A key figure: a number with what it counts, coloured by whether it needs attention.
    struct Card: Encodable {
        let label: String
        let value: String
        let href: String?
        /// "good", "warn", "bad" or "" for a plain figure.
        let tone: String
    }

    struct Badge: Encodable {
        let text: String
        /// The badge's classes: `status status-critical`, `due due-overdue`…
        let style: String
    }

    struct Row: Encodable {
        let badge: Badge?
        let title: String
        let href: String?
        /// Shown after the title, each after a separator; never empty strings (no dangling "·").
        let details: [String]
        /// A form button for the row (confirming a receipt), posted with the page's CSRF token.
        let action: Link?

        init(badge: Badge? = nil, title: String, href: String?, details: [String?] = [], action: Link? = nil) {
            (self.badge, self.title, self.href, self.action) = (badge, title, href, action)
            self.details = details.compactMap { $0?.nilIfEmpty }
        }
    }

    struct Link: Encodable {
        let label: String
        let href: String
    }

    struct Chart: Encodable {
        let title: String
        let series: BarSeries
    }

    struct Panel: Encodable {
        let id: String
        let title: String
        let href: String?
        let rows: [Row]
        let charts: [Chart]
        /// What to do when there is nothing to show, with where to go next.
        let empty: String?
        let next: Link?

        var isEmpty: Bool { rows.isEmpty && charts.isEmpty }
    }

    /// What one panel contributes: its key figures and its section.
    struct Part {
        var cards: [Card] = []
        var panel: Panel
    }

    func page(_ req: Request) async throws -> Response {
        let principal = req.principal!
        let plan = DashboardPanel.panels(for: principal.role, in: req.services.permissions)
        var cards: [Card] = []
        var panels: [Panel] = []
        for (index, kind) in plan.enumerated() {
            let part = try await part(kind, req)
            // A panel about the reader's own things stays away when empty, with its figures, unless it is what the page
            // is for.
            if part.panel.isEmpty && kind.quietWhenEmpty && index > 0 { continue }
            cards += part.cards
            panels.append(part.panel)
        }
        return try await req.page(
            "dashboard", titleKey: "dashboard.title",
            Content(
                greeting: req.t("dashboard.greeting", ["name": principal.name]), roleKey: principal.role.labelKey, cards: cards,
                panels: panels))
    }

    private func part(_ kind: DashboardPanel, _ req: Request) async throws -> Part {
        switch kind {
        case .myEquipment: try await myEquipment(req)
        case .myData: myData(req)
        case .myTasks: try await maintenance(req, mine: true)
        case .maintenance: try await maintenance(req, mine: false)
        case .problemChecks: try await problemChecks(req)
        case .alerts: try await alerts(req)
        case .risks: try await risks(req)
        case .trends: try await trends(req)
        case .deadlines: try await deadlines(req)
        case .licences: try await licences(req)
        case .reidentifications: try await reidentifications(req)
        case .accounts: try await accounts(req)
        case .recentActivity: try await recentActivity(req)
        }
    }
}

extension Dashboard {
    /// A panel of `kind` with the catalogue's title and empty text for it.
    static func panel(
        _ kind: DashboardPanel, _ req: Request, href: Paths?, rows: [Row] = [], charts: [Chart] = [], empty: String? = nil,
        next: Link? = nil
    ) -> Panel {
        Panel(
            id: kind.rawValue, title: req.t(kind.titleKey), href: href.map(\.path), rows: rows, charts: charts,
            empty: empty ?? req.t(kind.emptyKey), next: next)
    }

    static func number(_ value: Int, _ req: Request) -> String { req.services.localizer.number(value, req.language) }

    /// A figure that needs attention when it is not zero.
    static func attention(_ label: String, _ count: Int, _ req: Request, href: String?, bad: Bool = true) -> Card {
        Card(label: label, value: number(count, req), href: href, tone: count == 0 ? "good" : (bad ? "bad" : "warn"))
    }
}
