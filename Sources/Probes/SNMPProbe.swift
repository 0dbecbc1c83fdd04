import Domain
import Foundation
import NIOCore
import NIOPosix

/// Reads one or two objects from an SNMP v2c agent: one value (sysUpTime, ifOperStatus) compared with an expected
/// value or judged by thresholds, or two (hrStorageUsed and hrStorageSize) whose ratio in per cent is judged.
public struct SNMPProbe: Sendable {
    public var host: String
    public var port: Int
    public var community: String
    /// One OID, or two for used and size.
    public var oids: [String]
    /// The text the value must equal ("1" for ifOperStatus up).
    public var expected: String?
    /// On the value, or on the percentage when two OIDs are read.
    public var thresholds: Thresholds
    public var timeout: Duration
    /// Requests sent before giving up: UDP loses packets.
    public var attempts: Int

    public init(
        host: String, port: Int = 161, community: String = "public", oids: [String], expected: String? = nil,
        thresholds: Thresholds = Thresholds(), timeout: Duration = .seconds(2), attempts: Int = 2
    ) {
        (self.host, self.port, self.community, self.oids, self.expected) = (host, port, community, oids, expected)
        (self.thresholds, self.timeout, self.attempts) = (thresholds, timeout, attempts)
    }

    public func run(on group: any EventLoopGroup) async -> ProbeResult {
        let requestID = Int32.random(in: 1...Int32.max)
        guard (1...2).contains(oids.count),
            let request = try? SNMPMessage.getRequest(community: community, requestID: requestID, oids: oids)
        else { return .failed(.invalidTarget, oids.joined(separator: ", ")) }
        let start = ContinuousClock.now
        let address: SocketAddress
        do {
            address = try SocketAddress.makeAddressResolvingHost(host, port: port)
        } catch {
            return .failed(.unresolved, host)
        }
        do {
            let response = try await exchangeDatagram(on: group, to: address, request: request, timeout: timeout, attempts: attempts) {
                bytes in
                (try? SNMPMessage.parseResponse(bytes)).flatMap { $0.requestID == Int64(requestID) ? $0 : nil }
            }
            let elapsed = milliseconds(since: start)
            // An agent does not answer a community it does not know: silence is all a wrong community gets.
            guard let response else { return .failed(.timeout, "\(host):\(port)", milliseconds: elapsed) }
            return judge(response, milliseconds: elapsed)
        } catch {
            return .classify(error, milliseconds: milliseconds(since: start))
        }
    }

    func judge(_ response: SNMPMessage.Response, milliseconds: Int) -> ProbeResult {
        guard response.errorStatus == 0 else { return .failed(.snmpError, response.errorName, milliseconds: milliseconds) }
        let values = response.bindings.map(\.value)
        guard values.count == oids.count else { return .failed(.snmpError, "\(values.count) of \(oids.count)", milliseconds: milliseconds) }
        if let missing = response.bindings.first(where: { [.noSuchObject, .noSuchInstance, .endOfMibView].contains($0.value) }) {
            return .failed(.noSuchObject, "\(missing.oid): \(missing.value.text)", milliseconds: milliseconds)
        }
        if values.count == 2 {
            guard let used = values[0].number, let size = values[1].number, size > 0 else {
                return .failed(.snmpError, values.map(\.text).joined(separator: " / "), milliseconds: milliseconds)
            }
            let percent = Int(used * 100 / size)
            let status = thresholds.status(for: percent)
            return ProbeResult(
                status: status, milliseconds: milliseconds, value: percent, problem: status == .ok ? nil : .threshold,
                detail: "\(percent) % (\(used) / \(size))")
        }
        let value = values[0]
        if let expected, value.text != expected {
            return .failed(.answerMismatch, String(value.text.prefix(200)), milliseconds: milliseconds)
        }
        guard thresholds.warning != nil || thresholds.critical != nil, let number = value.number else {
            return ProbeResult(
                status: .ok, milliseconds: milliseconds, value: value.number.map { Int(clamping: $0) },
                detail: String(value.text.prefix(200)))
        }
        let status = thresholds.status(for: Int(clamping: number))
        return ProbeResult(
            status: status, milliseconds: milliseconds, value: Int(clamping: number), problem: status == .ok ? nil : .threshold,
            detail: value.text)
    }
}
