import Domain
import Foundation
import LogFormats

/// A tally's key: a few small numbers, equal when they are, with their bits laid side by side for hashing.
package protocol TallyKey: Equatable, Sendable {
    var mixed: UInt64 { get }
}

/// Counts by key, for the one or two additions every log line makes: open addressing with Fibonacci hashing of the
/// key's own bits, where a `Dictionary` runs a keyed SipHash for every line. A slot holds its entry's index and a few
/// bits of its hash, so a probe past other keys rarely touches their entries; a key and its counts sit side by side.
/// Entries stay in the order they came.
package struct CountTable<Key: TallyKey, Value: Sendable>: Sendable {
    package private(set) var entries: [(key: Key, value: Value)] = []
    /// Per slot: the entry's index + 1 in the low 32 bits (0: empty), the hash's top 32 bits above.
    private var slots = [UInt64](repeating: 0, count: 64)
    private var shift: UInt64 = 58

    package init() {}

    package var isEmpty: Bool { entries.isEmpty }
    package var count: Int { entries.count }

    package mutating func update(_ key: Key, default: @autoclosure () -> Value, _ change: (inout Value) -> Void) {
        let mask = slots.count - 1
        let hash = key.mixed &* 0x9E37_79B9_7F4A_7C15
        let tag = hash & 0xFFFF_FFFF_0000_0000
        var slot = Int(truncatingIfNeeded: hash >> shift)
        while true {
            let content = slots[slot]
            if content == 0 { break }
            if content & 0xFFFF_FFFF_0000_0000 == tag {
                let entry = Int(truncatingIfNeeded: content & 0xFFFF_FFFF) - 1
                if entries[entry].key == key {
                    change(&entries[entry].value)
                    return
                }
            }
            slot = (slot + 1) & mask
        }
        var value = `default`()
        change(&value)
        entries.append((key, value))
        slots[slot] = tag | UInt64(entries.count)
        if entries.count * 2 > slots.count { grow() }
    }

    private mutating func grow() {
        slots = [UInt64](repeating: 0, count: slots.count * 2)
        shift -= 1
        let mask = slots.count - 1
        for (index, entry) in entries.enumerated() {
            let hash = entry.key.mixed &* 0x9E37_79B9_7F4A_7C15
            var slot = Int(truncatingIfNeeded: hash >> shift)
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = hash & 0xFFFF_FFFF_0000_0000 | UInt64(index + 1)
        }
    }
}
