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
