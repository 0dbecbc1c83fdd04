import Domain
import Foundation

/// The codes the trail records and how the page reads them. Every action and field that reaches the trail must have
/// words in the catalogues: `AuditLog` asserts it in debug builds, so a test that writes an unknown one fails.
enum AuditVocabulary {
    /// `cable.create` → ("cable", "create"); `usage.rule.create` → ("usage.rule", "create").
    static func split(_ action: String) -> (type: String, verb: String)? {
        guard let dot = action.lastIndex(of: ".") else { return nil }
        return (String(action[..<dot]), String(action[action.index(after: dot)...]))
    }

    /// The prefix of an organisation's own asset fields in an asset's snapshot.
    static let customPrefix = "custom."

    /// The fields whose values the trail replaces by a mark ("(set)", "stored", a hash prefix): said as set or changed.
    static let secretFields: Set<String> = ["key", "smtp_password", "heartbeat_token", "bind_password", "ca_certificate"]

    /// Fields holding a count, written with the reader's digit grouping.
    static let countFields: Set<String> = [
        "created", "updated", "skipped", "unchanged", "rows", "lines", "raw_lines", "malformed", "keys", "employees", "departments",
        "sites", "assets", "models", "products", "installations", "seen", "unknown", "seats", "groups", "operations", "items", "undecided",
        "reviews",
    ]

    /// Fields holding an amount of money.
    static let moneyFields: Set<String> = ["purchase_cost", "cost", "list_price"]

    /// The record type a field's UUID value names: `site` a site, `parent` one of the record's own kind, a maintenance
    /// window's `scope_id` whatever its `scope` says.
    static func references(field: String, of type: String?, in changes: [String: AuditChange] = [:]) -> String? {
        if field == "scope_id", type == "maintenance_window" { return changes["scope"].flatMap { $0.after ?? $0.before } }
        switch field {
        case "parent": return type
        case "manager", "assigned_employee", "employee": return "employee"
        case "assigned_site", "site": return "site"
        case "assignee" where type == "maintenance_task": return "user"
        case "owner" where type == "cost_centre" || type == "application": return "employee"
        case "licence" where type == "application": return "licence"
        case "application" where type == "access_review": return "application"
        case "user" where type == "employee": return "user"
        case "model": return "asset_model"
        case "product": return "software_product"
        case "task": return "maintenance_task"
        case "chosen" where type == "evaluation": return "evaluation_candidate"
        case "asset", "department", "cost_centre", "vendor", "manufacturer", "room", "vlan", "interface": return field
        default: return nil
        }
    }

    /// Where the catalogue keeps the words for a field's coded values (`cable` `kind` → `cable.kind.cat6`).
    static func valuePrefix(of type: String?, field: String) -> String? {
        switch (type ?? "", field) {
        case ("asset", "status"): "asset.status"
        case ("asset_model", "type"), ("custom_field", "asset_type"): "asset.type"
        case ("cable", "kind"): "cable.kind"
        case ("cable", "colour"): "cable.colour"
        case ("interface", "kind"): "interface.kind"
        case ("check", "kind"): "check.kind"
        case ("notification_channel", "kind"): "channel.kind"
        case ("notification_channel", "webhook_format"): "webhook.format"
        case ("notification_settings", "smtp_security"): "mail_server.security"
        case (_, "role"): "role"
        case (_, "language"), ("organisation", "default_language"): "language"
        case ("maintenance_window", "scope"): "maintenance.scope"
        case ("maintenance_task", "unit"): "task.unit"
        case ("maintenance_record", "result"): "task.result"
        case ("employee", "status"): "employment"
        case ("contract", "kind"): "contract.kind"
        case ("contract", "billing_period"): "contract.billing"
        case ("contract", "decision"): "contract.decision"
        case ("software_product", "category"): "software.category"
        case ("application", "method"): "application.method"
        case ("directory_settings", "kind"): "directory.kind"
        case ("directory_settings", "security"): "directory.security"
        case ("employee", "operation"): "directory.operation"
        case ("access_review", "decision"): "review.decision"
        case ("licence", "kind"): "licence.kind"
        case ("licence", "billing"): "licence.billing"
        case ("custom_field", "kind"): "custom_field.kind"
        case ("ip_prefix", "status"), ("ip_address", "status"): "ip.status"
        case ("usage_source", "format"): "usage.format"
        default: nil
        }
    }

    /// The catalogue's audit words, read once from the English catalogue for the debug check.
    private static let known: Set<String> = {
        guard let data = FileManager.default.contents(atPath: Resources.directory.appendingPathComponent("Locales/en.json").path),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [] }
        return Set(object.keys.filter { $0.hasPrefix("audit.") })
    }()

    /// Whether the page can say `action` and every changed field in words (checked in debug builds when an entry is written).
    static func covers(action: String, fields: some Sequence<String>) -> Bool {
        let words = known
        let sayable =
            words.contains("audit.action.\(action)")
            || split(action).map { words.contains("audit.entity.\($0.type)") && words.contains("audit.verb.\($0.verb)") } == true
        return sayable && fields.allSatisfy { $0.hasPrefix(customPrefix) || words.contains("audit.field.\($0)") }
    }
}
