import Foundation

extension SNMPMessage {
    /// A value as an agent returns it.
    public enum Value: Sendable, Equatable {
        case integer(Int64)
        case string([UInt8])
        case oid(String)
        case ipAddress(String)
        /// Counter32, Gauge32, Counter64: a non-negative number.
        case unsigned(UInt64)
        /// Hundredths of a second (sysUpTime).
        case timeTicks(UInt64)
        case null
        /// The agent has no such object, or no such instance of it.
        case noSuchObject
        case noSuchInstance
        case endOfMibView
        case other(tag: UInt8, [UInt8])

        /// The number a threshold can judge, when the value is one.
        public var number: Int64? {
            switch self {
            case .integer(let value): value
            case .unsigned(let value), .timeTicks(let value): Int64(clamping: value)
            case .string(let bytes): Int64(String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespaces))
            default: nil
            }
        }

        /// As people read it: text for printable strings, hex otherwise.
        public var text: String {
            switch self {
            case .integer(let value): "\(value)"
            case .unsigned(let value): "\(value)"
            case .timeTicks(let ticks): "\(ticks)"
            case .string(let bytes):
                bytes.allSatisfy({ $0 == 9 || $0 == 10 || $0 == 13 || (32..<127).contains($0) || $0 >= 0x80 })
                    ? String(decoding: bytes, as: UTF8.self) : bytes.map { String(format: "%02x", $0) }.joined(separator: ":")
            case .oid(let oid): oid
            case .ipAddress(let address): address
            case .null: ""
            case .noSuchObject: "noSuchObject"
            case .noSuchInstance: "noSuchInstance"
            case .endOfMibView: "endOfMibView"
            case .other(let tag, let bytes): String(format: "[%02x] ", tag) + bytes.map { String(format: "%02x", $0) }.joined()
            }
        }
    }
}
