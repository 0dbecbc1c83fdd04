import Foundation

/// Reading one setting's text: a database location, a number in its range, a yes or no, the config file.
extension AppConfig {
    /// `sqlite:PATH` or `postgres://user:pass@host:port/db` (also `postgresql://`). Anything else is an error.
    public static func parseDatabase(_ raw: String, setting: String) throws -> DatabaseLocation {
        if raw.hasPrefix("sqlite:") {
            let path = String(raw.dropFirst("sqlite:".count))
            guard !path.isEmpty else {
                throw Invalid(setting: setting, reason: "sqlite: needs a file path, e.g. sqlite:quartermaster.sqlite")
            }
            return .sqlite(path: path)
        }
        if raw.hasPrefix("postgres://") || raw.hasPrefix("postgresql://") {
            guard let url = URL(string: raw), url.host != nil, url.path.count > 1 else {
                throw Invalid(setting: setting, reason: "expected postgres://user:password@host:port/database")
            }
            return .postgres(url: raw)
        }
        throw Invalid(setting: setting, reason: "expected sqlite:PATH or postgres://user:password@host:port/database")
    }

    static func readFile(_ path: String) throws -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Invalid(setting: "QM_CONFIG", reason: "the file cannot be read")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Invalid(setting: "QM_CONFIG", reason: "the file is not a JSON object of setting names to values")
        }
        var values: [String: String] = [:]
        for (key, value) in object {
            switch value {
            case let text as String: values[key] = text
            case let number as NSNumber: values[key] = number.stringValue
            default: throw Invalid(setting: key, reason: "expected a string, number or boolean in the config file")
            }
        }
        return values
    }

    static func integer(_ raw: String, _ range: ClosedRange<Int>, _ setting: String) throws -> Int {
        guard let value = Int(raw) else { throw Invalid(setting: setting, reason: "expected a whole number") }
        return try checked(value, range, setting)
    }

    static func checked(_ value: Int, _ range: ClosedRange<Int>, _ setting: String) throws -> Int {
        guard range.contains(value) else {
            throw Invalid(setting: setting, reason: "expected a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    static func boolean(_ raw: String, _ setting: String) throws -> Bool {
        switch raw.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw Invalid(setting: setting, reason: "expected true or false")
        }
    }
}
