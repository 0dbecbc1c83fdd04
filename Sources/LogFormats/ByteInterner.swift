/// Gives each distinct byte string read from a log a small number, without making a `String` of it: host names, user
/// names and client addresses repeat millions of times in a log and number a few thousand. Open addressing over one
/// arena of key bytes; a lookup of a known key allocates nothing.
public struct ByteInterner: Sendable {
    private var arena: [UInt8] = []
    /// Per slot: the key's start in the arena, its length and its number; `-1` start marks an empty slot.
    private var starts: [Int]
    private var lengths: [Int32]
    private var hashes: [UInt64]
    private var numbers: [Int32]
    public private(set) var count = 0

    public init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        starts = Array(repeating: -1, count: size)
        lengths = Array(repeating: 0, count: size)
        hashes = Array(repeating: 0, count: size)
        numbers = Array(repeating: 0, count: size)
    }

    /// The number of `key`, giving it the next one (0, 1, 2, …) when it is new; `isNew` says which.
    public mutating func intern(_ key: UnsafeRawBufferPointer) -> (number: Int, isNew: Bool) {
        let hash = Self.hash(key)
        var slot = Int(truncatingIfNeeded: hash) & (starts.count - 1)
        while starts[slot] >= 0 {
            if hashes[slot] == hash, Int(lengths[slot]) == key.count, matches(key, at: starts[slot]) {
                return (Int(numbers[slot]), false)
            }
            slot = (slot + 1) & (starts.count - 1)
        }
        starts[slot] = arena.count
        lengths[slot] = Int32(key.count)
        hashes[slot] = hash
        numbers[slot] = Int32(count)
        arena.append(contentsOf: key)
        count += 1
        if count * 2 > starts.count { grow() }
        return (count - 1, true)
    }

    /// The number `key` has, if it has one.
    public func number(of key: UnsafeRawBufferPointer) -> Int? {
        let hash = Self.hash(key)
        var slot = Int(truncatingIfNeeded: hash) & (starts.count - 1)
        while starts[slot] >= 0 {
            if hashes[slot] == hash, Int(lengths[slot]) == key.count, matches(key, at: starts[slot]) { return Int(numbers[slot]) }
            slot = (slot + 1) & (starts.count - 1)
        }
        return nil
    }

    private func matches(_ key: UnsafeRawBufferPointer, at start: Int) -> Bool {
        arena.withUnsafeBytes { stored in
            guard let base = stored.baseAddress, let keyBase = key.baseAddress else { return key.isEmpty }
            return memcmpBytes(base + start, keyBase, key.count)
        }
    }

    private mutating func grow() {
        var bigger = ByteInterner(capacity: starts.count)
        bigger.arena = arena
        bigger.count = count
        for slot in starts.indices where starts[slot] >= 0 {
            var target = Int(truncatingIfNeeded: hashes[slot]) & (bigger.starts.count - 1)
            while bigger.starts[target] >= 0 { target = (target + 1) & (bigger.starts.count - 1) }
            bigger.starts[target] = starts[slot]
            bigger.lengths[target] = lengths[slot]
            bigger.hashes[target] = hashes[slot]
            bigger.numbers[target] = numbers[slot]
        }
        self = bigger
    }
}
