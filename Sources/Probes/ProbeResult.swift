import Domain
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// What one probe found: a status for the state machine, how long the target took, the value the thresholds judged,
/// and when something is wrong, what (a stable code, shown in each reader's language) with the detail the target or
/// the network gave.
public struct ProbeResult: Sendable, Equatable {
    public enum Problem: String, CaseIterable, Sendable, Codable {
        /// No answer within the timeout.
        case timeout
        /// Nothing listens there: the connection was refused.
        case refused
        /// The host name does not resolve.
        case unresolved
        /// Another network error (no route, reset); the detail says which.
        case connectFailed = "connect_failed"
        /// The TCP banner did not contain the expected text.
        case bannerMismatch = "banner_mismatch"
        /// The HTTP status was not among the expected ones.
        case unexpectedStatus = "unexpected_status"
        /// The body lacked the text it must contain.
        case bodyMissing = "body_missing"
        /// The body contained the text it must not contain.
        case bodyForbidden = "body_forbidden"
        /// The answer came, but slower than the thresholds allow.
        case slow
        /// The TLS handshake failed for a reason other than the certificate's name or chain.
        case tlsFailed = "tls_failed"
        /// The certificate is not for this host name.
        case hostnameMismatch = "hostname_mismatch"
        /// The certificate does not lead to a trusted root.
        case chainInvalid = "chain_invalid"
        /// The certificate expires within the thresholds' days.
        case expiring
        case expired
        /// The target itself cannot be used (a URL without a host, a port out of range).
        case invalidTarget = "invalid_target"
        /// Echo requests went unanswered: as many as the loss thresholds allow, or all of them.
        case packetLoss = "packet_loss"
        /// The kernel allows neither an ICMP datagram socket (`net.ipv4.ping_group_range`) nor a raw one (root or
        /// `CAP_NET_RAW`); the detail gives the setting.
        case icmpNotPermitted = "icmp_not_permitted"
        /// The resolver answered with an error code (NXDOMAIN, SERVFAIL, REFUSED); the detail names it.
        case dnsError = "dns_error"
        /// The name exists but has no record of the asked type.
        case noAnswer = "no_answer"
        /// The answers lack the expected value; the detail lists what came.
        case answerMismatch = "answer_mismatch"
        /// A measured value (an SNMP reading, a percentage used) is beyond the thresholds.
        case threshold
        /// The SNMP agent answered with an error status (noSuchName, genErr); the detail names it.
        case snmpError = "snmp_error"
        /// The agent has no such object or instance: the OID is wrong for this device.
        case noSuchObject = "no_such_object"

        public var labelKey: String { "probe.problem.\(rawValue)" }
    }

    public var status: CheckStatus
    /// From the start of the probe to the answer that decided it.
    public var milliseconds: Int?
    /// The number the thresholds judged: milliseconds for latency, days left for a certificate.
    public var value: Int?
    public var problem: Problem?
    /// What the target said or what was measured ("HTTP 503", "SSH-2.0-OpenSSH_9.2", "expires 2027-03-01").
    public var detail: String

    public init(status: CheckStatus, milliseconds: Int? = nil, value: Int? = nil, problem: Problem? = nil, detail: String = "") {
        (self.status, self.milliseconds, self.value, self.problem, self.detail) = (status, milliseconds, value, problem, detail)
    }

    static func failed(_ problem: Problem, _ detail: String = "", milliseconds: Int? = nil) -> ProbeResult {
        ProbeResult(status: .critical, milliseconds: milliseconds, problem: problem, detail: detail)
    }

    /// A result judged on its latency: OK, or warning or critical (`slow`) by the thresholds.
    static func timed(_ milliseconds: Int, _ latency: Thresholds, detail: String = "") -> ProbeResult {
        let status = latency.status(for: milliseconds)
        return ProbeResult(
            status: status, milliseconds: milliseconds, value: milliseconds, problem: status == .ok ? nil : .slow, detail: detail)
    }
}

/// Milliseconds since `start`, rounded up so that a fast answer is never 0.
func milliseconds(since start: ContinuousClock.Instant) -> Int {
    let elapsed = ContinuousClock.now - start
    let (seconds, attoseconds) = elapsed.components
    return Int(seconds) * 1000 + Int((attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
}
