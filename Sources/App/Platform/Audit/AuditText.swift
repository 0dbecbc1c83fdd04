import Domain
import Foundation

/// The audit trail in words (issue 18): what happened ("Cable created"), who did it ("Command line (root)"), which
/// field changed ("Length") and its values as people write them ("35 m", "yes", "Patch-panel port", a date in the
/// reader's style, a record's name instead of its UUID). The trail itself keeps the stable codes; only the page
/// translates them, so a language change never alters a sealed entry.
struct AuditText {
    let language: Language
    let localizer: Localizer
    let timeZone: TimeZone
    /// Formats for values only their capability can read (a repeat rule, a cable end), by `type.field`.
    var formatters: [String: AuditFormatter] = [:]

    private var catalogue: Catalogue { localizer.catalogue(language) }

    private func has(_ key: String) -> Bool { catalogue.entries[key] != nil }

    /// "Cable created", "Signed in"; the code itself only for an action the vocabulary lacks (a test run fails first).
    func action(_ code: String) -> String {
        if has("audit.action.\(code)") { return localizer.text("audit.action.\(code)", language) }
        guard let (type, verb) = AuditVocabulary.split(code), has("audit.entity.\(type)"), has("audit.verb.\(verb)") else { return code }
        return localizer.text(
            "audit.entity_verb", language,
            ["entity": localizer.text("audit.entity.\(type)", language), "verb": localizer.text("audit.verb.\(verb)", language)])
    }

    func entity(_ type: String) -> String {
        has("audit.entity.\(type)") ? localizer.text("audit.entity.\(type)", language) : type
    }

    /// A person's e-mail address as it is; the scheduler and the command line in words.
    func actor(_ label: String) -> String {
        switch label {
        case AuditActor.system.label: return localizer.text("audit.actor.system", language)
        case "anonymous": return localizer.text("audit.actor.anonymous", language)
        default:
            guard label.hasPrefix(AuditActor.commandLinePrefix) else { return label }
            let user = String(label.dropFirst(AuditActor.commandLinePrefix.count))
            return user == "unknown"
                ? localizer.text("audit.actor.cli_anyone", language) : localizer.text("audit.actor.cli", language, ["user": user])
        }
    }

    /// A field's label; an organisation's own asset field (`custom.<key>`) by its key.
    func field(_ name: String) -> String {
        if name.hasPrefix(AuditVocabulary.customPrefix) {
            return localizer.text("audit.field_custom", language, ["key": String(name.dropFirst(AuditVocabulary.customPrefix.count))])
        }
        return has("audit.field.\(name)") ? localizer.text("audit.field.\(name)", language) : name
    }

    /// One change as a line: "Length: 3 m → 35 m"; a field set on creation without its empty "before"; nil for a field
    /// that was empty and stays empty.
    func change(
        of type: String?, field name: String, _ change: AuditChange, in changes: [String: AuditChange], names: [UUID: String]
    ) -> String? {
        let before = change.before.flatMap(\.nilIfEmpty)
        let after = change.after.flatMap(\.nilIfEmpty)
        guard before != nil || after != nil else { return nil }
        let show = { (value: String?) in value.map { self.value(of: type, field: name, $0, in: changes, names: names) } ?? "–" }
        if change.before == nil { return "\(field(name)): \(show(after))" }
        return "\(field(name)): \(show(before)) → \(show(after))"
    }

    /// A stored value as the reader writes it.
    func value(
        of type: String?, field name: String, _ raw: String, in changes: [String: AuditChange] = [:], names: [UUID: String] = [:]
    ) -> String {
        // Secrets never enter the trail: only that one was set or changed (a token's hash prefix marks a new one).
        if AuditVocabulary.secretFields.contains(name) {
            return localizer.text(raw == "(changed)" ? "audit.secret_changed" : "audit.secret_set", language)
        }
        if let formatter = formatters["\(type ?? "").\(name)"], let text = formatter(raw, changes, self) { return text }
        if AuditVocabulary.references(field: name, of: type, in: changes) != nil, let id = UUID(uuidString: raw) {
            return names[id] ?? localizer.text("audit.removed_record", language)
        }
        if AuditVocabulary.moneyFields.contains(name), let money = Self.money(raw) { return money.formatted(language) }
        if let prefix = AuditVocabulary.valuePrefix(of: type, field: name), has("\(prefix).\(raw)") {
            return localizer.text("\(prefix).\(raw)", language)
        }
        if raw == "true" || raw == "false" { return localizer.text(raw == "true" ? "form.yes" : "form.no", language) }
        guard let number = Int(raw) else {
            if let day = CalendarDate(raw) { return localizer.date(day, language) }
            return raw
        }
        if AuditVocabulary.countFields.contains(name) { return localizer.number(number, language) }
        return measure(name, number) ?? raw
    }

    /// An amount as the trail stores it (`Money.description`, English: "€7,900.00", "SEK14,500.00").
    static func money(_ raw: String) -> Money? {
        let plain = raw.filter { $0.isNumber || $0 == "." || $0 == "-" }
        return Currency.all.lazy.compactMap { Money.parse(plain, currency: $0) }.first { $0.description == raw }
    }

    /// A number whose unit the field's name carries.
    private func measure(_ name: String, _ number: Int) -> String? {
        let plural = { (key: String) in self.catalogue.plural(key, count: number) }
        switch name {
        case _ where name.hasSuffix("_seconds"): return localizer.duration(seconds: number, language)
        case _ where name.hasSuffix("_minutes"): return localizer.duration(seconds: number * 60, language)
        case _ where name.hasSuffix("_days"): return plural("audit.unit.days")
        case _ where name.hasSuffix("_months"): return plural("audit.unit.months")
        case _ where name.hasSuffix("_bytes"): return localizer.bytes(Int64(number), language)
        case _ where name.hasSuffix("_hour"): return String(format: "%02d:00", number)
        case "length_cm":
            let metres = (Decimal(number) / 100).formatted(Decimal.FormatStyle(locale: language.locale).precision(.fractionLength(0...2)))
            return "\(metres)\u{00A0}m"
        case "speed_mbps": return localizer.number(number, language) + "\u{00A0}Mbit/s"
        case "height_u": return localizer.number(number, language) + "\u{00A0}U"
        case "fiscal_year_start_month" where (1...12).contains(number):
            var calendar = Calendar(identifier: .gregorian)
            calendar.locale = language.locale
            return calendar.standaloneMonthSymbols[number - 1]
        default: return nil
        }
    }
}

/// Formats one stored value in words, given the entry's other changes; nil leaves it to the generic rules.
typealias AuditFormatter = @Sendable (_ raw: String, _ changes: [String: AuditChange], _ text: AuditText) -> String?

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
    static let secretFields: Set<String> = ["key", "smtp_password", "heartbeat_token"]

    /// Fields holding a count, written with the reader's digit grouping.
    static let countFields: Set<String> = [
        "created", "updated", "skipped", "unchanged", "rows", "lines", "raw_lines", "malformed", "keys", "employees", "departments",
        "sites", "assets", "models", "products", "installations", "seen", "unknown", "seats",
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
        case "owner" where type == "cost_centre": return "employee"
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
