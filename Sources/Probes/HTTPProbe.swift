import AsyncHTTPClient
import Domain
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// Asks a URL and judges the answer: the status among the expected ones, text the body must or must not contain,
/// the response time against the thresholds (the critical limit is the maximum response time).
public struct HTTPProbe: Sendable {
    public var url: String
    public var method: String
    public var expectedStatuses: StatusSet
    public var bodyContains: String?
    public var bodyExcludes: String?
    public var timeout: Duration
    public var followRedirects: Bool
    public var verifyCertificate: Bool
    public var latency: Thresholds

    /// At most this much of a body is read to look for the texts.
    static let bodyLimit = 1 << 20

    public init(
        url: String, method: String = "GET", expectedStatuses: StatusSet = .success, bodyContains: String? = nil,
        bodyExcludes: String? = nil, timeout: Duration = .seconds(10), followRedirects: Bool = true, verifyCertificate: Bool = true,
        latency: Thresholds = Thresholds()
    ) {
        self.url = url
        self.method = method
        self.expectedStatuses = expectedStatuses
        self.bodyContains = bodyContains
        self.bodyExcludes = bodyExcludes
        self.timeout = timeout
        self.followRedirects = followRedirects
        self.verifyCertificate = verifyCertificate
        self.latency = latency
    }

    public func run(with clients: HTTPProbeClients) async -> ProbeResult {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme),
            parsed.host?.isEmpty == false
        else { return .failed(.invalidTarget, url) }
        let start = ContinuousClock.now
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method.uppercased())
        request.headers.add(name: "User-Agent", value: "Quartermaster-Check")
        let client = clients.client(followRedirects: followRedirects, verifyCertificate: verifyCertificate)
        do {
            let response = try await client.execute(request, timeout: timeAmount(timeout))
            let code = Int(response.status.code)
            var body = ByteBuffer()
            if bodyContains != nil || bodyExcludes != nil {
                for try await var chunk in response.body {
                    body.writeBuffer(&chunk)
                    if body.readableBytes >= Self.bodyLimit { break }
                }
            } else {
                for try await _ in response.body {}
            }
            let elapsed = milliseconds(since: start)
            // The client's deadline fires on its event loop; on a loaded machine it can fire after the answer came.
            // An answer later than the timeout has timed out all the same, whatever the client made of it.
            if ContinuousClock.now - start > timeout { return .failed(.timeout, milliseconds: elapsed) }
            guard expectedStatuses.contains(code) else {
                return .failed(.unexpectedStatus, "HTTP \(code)", milliseconds: elapsed)
            }
            let text = String(buffer: body)
            if let wanted = bodyContains, !wanted.isEmpty, !text.contains(wanted) {
                return .failed(.bodyMissing, wanted, milliseconds: elapsed)
            }
            if let unwanted = bodyExcludes, !unwanted.isEmpty, text.contains(unwanted) {
                return .failed(.bodyForbidden, unwanted, milliseconds: elapsed)
            }
            return .timed(elapsed, latency, detail: "HTTP \(code)")
        } catch let error as HTTPClientError {
            let elapsed = milliseconds(since: start)
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout: return .failed(.timeout, milliseconds: elapsed)
            case .redirectCycleDetected, .redirectLimitReached:
                return .failed(.unexpectedStatus, String(describing: error), milliseconds: elapsed)
            default: return .failed(.connectFailed, String(describing: error), milliseconds: elapsed)
            }
        } catch {
            return .classify(error, milliseconds: milliseconds(since: start))
        }
    }
}

/// SwiftNIO's time unit from Swift's.
func timeAmount(_ duration: Duration) -> TimeAmount {
    let (seconds, attoseconds) = duration.components
    return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
}
