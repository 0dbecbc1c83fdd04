/// The order in which to read a rotated set of logs: oldest first, so that counts and mail correlation follow time.
/// logrotate names older copies `access.log.1`, `access.log.2.gz` (larger is older) or, with `dateext`,
/// `access.log-20261201(.gz)` (earlier date is older); the live file has no suffix and comes last.
public enum LogRotation {
    /// The live file's name a rotated copy belongs to ("access.log.2.gz" → "access.log").
    public static func baseName(_ path: String) -> String {
        var name = path
        if name.hasSuffix(".gz") { name.removeLast(3) }
        if let dot = name.lastIndex(of: "."), let number = Int(name[name.index(after: dot)...]), number >= 0 {
            return String(name[..<dot])
        }
        if let dash = name.lastIndex(of: "-"), name[name.index(after: dash)...].count == 8,
            name[name.index(after: dash)...].allSatisfy(\.isNumber)
        {
            return String(name[..<dash])
        }
        return name
    }

    /// `paths` sorted oldest first within each base name; base names keep the order they were given in.
    public static func oldestFirst(_ paths: [String]) -> [String] {
        var bases: [String] = []
        var members: [String: [String]] = [:]
        for path in paths {
            let base = baseName(path)
            if members[base] == nil { bases.append(base) }
            members[base, default: []].append(path)
        }
        return bases.flatMap { members[$0]!.sorted { age($0) > age($1) } }
    }

    /// Larger is older: a numbered copy's number, a dated copy's distance before the live file, the live file 0.
    private static func age(_ path: String) -> Int {
        var name = path
        if name.hasSuffix(".gz") { name.removeLast(3) }
        if let dot = name.lastIndex(of: "."), let number = Int(name[name.index(after: dot)...]) { return 1_000_000_000 + number }
        if let dash = name.lastIndex(of: "-"), let date = Int(name[name.index(after: dash)...]), date >= 10_000_000 {
            return 100_000_000 - date
        }
        return 0
    }
}
