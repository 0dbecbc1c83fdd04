import Testing
import UsageCounting

@Suite("Tally counting")
struct CountTableTests {
    @Test("Keys that share most of their bits are told apart as the table grows; entries keep the order they came in")
    func countsEveryKey() {
        var table = CountTable<UsageTally.WebDay, UsageTally.WebCounts>()
        // Twice through 5,000 keys that differ only in a few low bits of each field, the second time in reverse.
        let keys = (0..<5_000).map { UsageTally.WebDay(day: 20_000 + Int32($0 % 3), subject: Int32($0 % 50), domain: Int32($0)) }
        for key in keys { table.update(key, default: UsageTally.WebCounts()) { $0.add(bytes: Int64(key.domain), denied: false) } }
        for key in keys.reversed() { table.update(key, default: UsageTally.WebCounts()) { $0.add(bytes: 1, denied: true) } }
        #expect(table.count == 5_000)
        #expect(table.entries.map(\.key) == keys)
        #expect(table.entries.allSatisfy { $0.value.requests == 2 && $0.value.denied == 1 && $0.value.bytes == Int64($0.key.domain) + 1 })
    }
}
