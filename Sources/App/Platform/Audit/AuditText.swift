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

    var catalogue: Catalogue { localizer.catalogue(language) }

    func has(_ key: String) -> Bool { catalogue.entries[key] != nil }

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
}

/// Formats one stored value in words, given the entry's other changes; nil leaves it to the generic rules.
typealias AuditFormatter = @Sendable (_ raw: String, _ changes: [String: AuditChange], _ text: AuditText) -> String?
