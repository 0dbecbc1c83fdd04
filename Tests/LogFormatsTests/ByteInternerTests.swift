import Testing

@testable import LogFormats

@Suite("Byte interner: numbers for repeated byte strings")
struct ByteInternerTests {
    @Test("Each distinct key gets the next number once; equal keys get the same; the table grows without losing any")
    func numbers() {
        var interner = ByteInterner(capacity: 4)
        func intern(_ text: String) -> (Int, Bool) {
            Array(text.utf8).withUnsafeBytes { interner.intern($0) }
        }
        #expect(intern("10.0.0.1") == (0, true))
        #expect(intern("10.0.0.2") == (1, true))
        #expect(intern("10.0.0.1") == (0, false))
        #expect(intern("") == (2, true))
        for n in 0..<5000 { _ = intern("host\(n).example") }
        #expect(interner.count == 5003)
        #expect(intern("host4999.example") == (5002, false))
        #expect(intern("10.0.0.2") == (1, false))
        #expect(Array("host17.example".utf8).withUnsafeBytes { interner.number(of: $0) } == 20)
        #expect(Array("nowhere".utf8).withUnsafeBytes { interner.number(of: $0) } == nil)
    }
}
