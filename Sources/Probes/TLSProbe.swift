import Domain
import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS

/// Opens a TLS connection and judges the server's certificate: the chain leads to a trusted root (the system's, or
/// the organisation's own CA), the certificate is for the host name, and how many days it has left against the
/// thresholds (by default warning at 30 days, critical at 7).
public struct TLSProbe: Sendable {
    public var host: String
    public var port: Int
    /// The name the certificate must carry; the host unless that is an address (then only the chain is checked).
    public var serverName: String?
    /// PEM certificates to trust besides the system's roots: an internal CA.
    public var extraRootsPEM: String?
    public var timeout: Duration
    public var daysLeft: Thresholds

    public init(
        host: String, port: Int = 443, serverName: String? = nil, extraRootsPEM: String? = nil, timeout: Duration = .seconds(10),
        daysLeft: Thresholds = Thresholds(warning: 30, critical: 7, direction: .below)
    ) {
        self.host = host
        self.port = port
        self.serverName = serverName
        self.extraRootsPEM = extraRootsPEM
        self.timeout = timeout
        self.daysLeft = daysLeft
    }

    var expectedName: String? {
        if let serverName, !serverName.isEmpty { return serverName }
        let isAddress = host.contains(":") || host.allSatisfy { $0.isNumber || $0 == "." }
        return isAddress ? nil : host
    }

    public func run(on group: any EventLoopGroup, now: Date = Date()) async -> ProbeResult {
        guard (1...65535).contains(port), !host.isEmpty else { return .failed(.invalidTarget, "\(host):\(port)") }
        let start = ContinuousClock.now
        do {
            var verified = TLSConfiguration.makeClientConfiguration()
            if let extraRootsPEM {
                let roots = try NIOSSLCertificate.fromPEMBytes(Array(extraRootsPEM.utf8))
                verified.additionalTrustRoots = [.certificates(roots)]
            }
            let certificate: NIOSSLCertificate?
            do {
                certificate = try await peerCertificate(verified, serverName: expectedName, group: group)
            } catch {
                let failure = ProbeResult.classify(error, milliseconds: milliseconds(since: start))
                guard failure.problem == .chainInvalid || failure.problem == .hostnameMismatch || failure.problem == .tlsFailed else {
                    return failure
                }
                // Say what the certificate is, even though it is refused: look again without checking it.
                var unverified = TLSConfiguration.makeClientConfiguration()
                unverified.certificateVerification = .none
                let seen = try? await peerCertificate(unverified, serverName: expectedName, group: group)
                guard let seen else { return failure }
                let days = Self.days(until: seen, now: now)
                var result = failure
                result.value = days
                if days < 0 {
                    result.problem = .expired
                    result.detail = "expired " + Self.day(seen)
                } else {
                    result.detail += " (expires \(Self.day(seen)))"
                }
                return result
            }
            let elapsed = milliseconds(since: start)
            guard let certificate else { return .failed(.tlsFailed, "no certificate", milliseconds: elapsed) }
            let days = Self.days(until: certificate, now: now)
            let status = daysLeft.status(for: days)
            let problem: ProbeResult.Problem? = days < 0 ? .expired : status == .ok ? nil : .expiring
            return ProbeResult(
                status: days < 0 ? .critical : status, milliseconds: elapsed, value: days, problem: problem,
                detail: "expires \(Self.day(certificate))")
        } catch {
            return .classify(error, milliseconds: milliseconds(since: start))
        }
    }
}
