import Foundation

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
