import Foundation

/// The languages Quartermaster speaks.
public enum Language: String, CaseIterable, Codable, Sendable, Hashable {
    case en, de, et, sv

    /// The language's own name, shown in the switcher so a reader finds it whatever the current language.
    public var nativeName: String {
        switch self {
        case .en: "English"
        case .de: "Deutsch"
        case .et: "Eesti"
        case .sv: "Svenska"
        }
    }

    /// The Foundation locale used for numbers, dates and money.
    public var localeIdentifier: String {
        switch self {
        case .en: "en_GB"
        case .de: "de_DE"
        case .et: "et_EE"
        case .sv: "sv_SE"
        }
    }

    /// The locale of `localeIdentifier`, made once: making one takes longer than formatting a number with it, and a
    /// report formats thousands.
    public var locale: Locale { Self.locales[self]! }

    private static let locales = Dictionary(uniqueKeysWithValues: allCases.map { ($0, Locale(identifier: $0.localeIdentifier)) })

    /// CLDR plural category for a whole number. English, German, Estonian and Swedish share the rule
    /// "one" for exactly 1, "other" otherwise.
    public func pluralCategory(_ count: Int) -> PluralCategory {
        count == 1 ? .one : .other
    }

    /// Picks the best supported language from an Accept-Language header (RFC 9110 §12.5.4), honouring q-values.
    public static func negotiate(acceptLanguage header: String) -> Language? {
        var best: (Language, Double, Int)?
        for (index, part) in header.split(separator: ",").enumerated() {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased(), !tag.isEmpty else { continue }
            var quality = 1.0
            for parameter in pieces.dropFirst() where parameter.hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            let primary = String(tag.split(separator: "-").first ?? "")
            guard quality > 0, let language = Language(rawValue: primary) else { continue }
            if best == nil || quality > best!.1 || (quality == best!.1 && index < best!.2) {
                best = (language, quality, index)
            }
        }
        return best?.0
    }
}

public enum PluralCategory: String, Sendable, Codable {
    case one, other
}

/// A message catalogue for one language: flat keys to text, or to plural forms.
/// Placeholders are written `{name}` and filled by `Catalogue.text(_:_:)`.
public struct Catalogue: Sendable {
    public enum Entry: Sendable, Equatable {
        case text(String)
        case plural([PluralCategory: String])
    }

    public let language: Language
    public let entries: [String: Entry]

    public init(language: Language, entries: [String: Entry]) {
        self.language = language
        self.entries = entries
    }

    public enum LoadError: Error, CustomStringConvertible {
        case malformed(Language, String)
        public var description: String {
            switch self {
            case .malformed(let language, let detail): "catalogue \(language.rawValue): \(detail)"
            }
        }
    }

    /// Parses a catalogue file: a JSON object whose values are strings or objects of plural forms
    /// (`{"one": "…", "other": "…"}`).
    public init(language: Language, json: Data) throws {
        guard let object = try JSONSerialization.jsonObject(with: json) as? [String: Any] else {
            throw LoadError.malformed(language, "the top level is not an object")
        }
        var entries: [String: Entry] = [:]
        for (key, value) in object {
            if let text = value as? String {
                entries[key] = .text(text)
            } else if let forms = value as? [String: String] {
                var plural: [PluralCategory: String] = [:]
                for (name, text) in forms {
                    guard let category = PluralCategory(rawValue: name) else {
                        throw LoadError.malformed(language, "key \(key) has unknown plural form \(name)")
                    }
                    plural[category] = text
                }
                guard plural[.other] != nil else { throw LoadError.malformed(language, "key \(key) lacks the 'other' form") }
                entries[key] = .plural(plural)
            } else {
                throw LoadError.malformed(language, "key \(key) is neither text nor plural forms")
            }
        }
        self.init(language: language, entries: entries)
    }

    /// The text for `key` with `{placeholders}` filled. A missing key returns the key itself, visibly, so a gap is
    /// noticed in the UI (the catalogue tests make sure none ships).
    public func text(_ key: String, _ arguments: [String: String] = [:]) -> String {
        switch entries[key] {
        case .text(let text): return Self.fill(text, arguments)
        case .plural(let forms): return Self.fill(forms[.other] ?? key, arguments)
        case nil: return key
        }
    }

    /// The plural form for `count`, with `{count}` and other placeholders filled.
    public func plural(_ key: String, count: Int, formattedCount: String? = nil, _ arguments: [String: String] = [:]) -> String {
        var arguments = arguments
        arguments["count"] = formattedCount ?? String(count)
        switch entries[key] {
        case .plural(let forms):
            return Self.fill(forms[language.pluralCategory(count)] ?? forms[.other] ?? key, arguments)
        case .text(let text): return Self.fill(text, arguments)
        case nil: return key
        }
    }

    private static func fill(_ text: String, _ arguments: [String: String]) -> String {
        guard !arguments.isEmpty, text.contains("{") else { return text }
        var result = text
        for (name, value) in arguments {
            result = result.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return result
    }
}

extension String {
    /// Names in the order people expect in a list: ignoring case and accents, numbers by value ("Server 9" before
    /// "Server 10"). Like `localizedStandardCompare` without building a locale for each comparison, which made sorting
    /// a few hundred names a tenth of a report's time.
    public func naturallyPrecedes(_ other: String) -> Bool {
        compare(other, options: [.caseInsensitive, .diacriticInsensitive, .numeric, .widthInsensitive]) == .orderedAscending
    }
}
