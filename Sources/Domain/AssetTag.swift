/// Asset tags: a configurable prefix and a zero-padded running number ("QM-000042"); people may also type their own.
public enum AssetTag {
    public static let maxLength = 32

    /// The tag after the highest number already used with this prefix.
    public static func next(prefix: String, highestUsed: Int?, digits: Int = 6) -> String {
        let number = String((highestUsed ?? 0) + 1)
        return prefix + String(repeating: "0", count: max(0, digits - number.count)) + number
    }

    /// The running number of a tag made with `prefix`, or nil for a tag made another way.
    public static func number(of tag: String, prefix: String) -> Int? {
        guard tag.hasPrefix(prefix) else { return nil }
        let rest = tag.dropFirst(prefix.count)
        guard !rest.isEmpty, rest.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(rest)
    }

    /// A tag is 1–32 letters, digits, "-", "_", "." or "/", as labels are printed; compared without regard to case.
    public static func problems(_ tag: String, field: String = "assetTag") -> [FieldError] {
        if tag.isEmpty { return [FieldError(field: field, code: .required)] }
        if tag.count > maxLength { return [FieldError(field: field, code: .tooLong)] }
        guard tag.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_./".contains($0)) }) else {
            return [FieldError(field: field, code: .invalid)]
        }
        return []
    }

    /// The prefix a setting may hold: up to 10 characters a tag may contain.
    public static func prefixProblems(_ prefix: String) -> [FieldError] {
        guard prefix.count <= 10 else { return [FieldError(field: "assetTagPrefix", code: .tooLong)] }
        return prefix.isEmpty ? [] : problems(prefix, field: "assetTagPrefix")
    }
}
