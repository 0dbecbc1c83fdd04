import Foundation

/// A 48-bit MAC address, read in any of the spellings switches and operating systems print (`00:1a:2b:3c:4d:5e`,
/// `00-1A-2B-3C-4D-5E`, `001a.2b3c.4d5e`, `001A2B3C4D5E`) and written one way: upper case with colons.
public struct MACAddress: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let separators = Set(trimmed.filter { !$0.isHexDigit })
        guard separators.count <= 1 else { return nil }
        let digits = trimmed.filter(\.isHexDigit)
        guard digits.count == 12 else { return nil }
        // The separator, if any, must sit where one of the three usual layouts puts it.
        if let separator = separators.first {
            let groups = trimmed.split(separator: separator, omittingEmptySubsequences: false).map(\.count)
            guard (separator == ":" || separator == "-") && groups == [2, 2, 2, 2, 2, 2] || separator == "." && groups == [4, 4, 4] else {
                return nil
            }
        }
        var bytes: [UInt8] = []
        var index = digits.startIndex
        while index < digits.endIndex {
            let next = digits.index(index, offsetBy: 2)
            guard let byte = UInt8(digits[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        self.bytes = bytes
    }

    public var description: String { bytes.map { String(format: "%02X", $0) }.joined(separator: ":") }
}
