import AsyncHTTPClient
import Domain
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// The HTTP statuses a check accepts, written as people write them: `200-299`, `200,301,302`, `2xx`.
public struct StatusSet: Sendable, Equatable, CustomStringConvertible {
    public let ranges: [ClosedRange<Int>]

    public static let success = StatusSet(ranges: [200...299])

    public init(ranges: [ClosedRange<Int>]) { self.ranges = ranges }

    /// Nil when a part is not a status (100–599), a range (`200-299`) or a class (`2xx`).
    public init?(_ text: String) {
        var ranges: [ClosedRange<Int>] = []
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !part.isEmpty {
            if part.count == 3, part.hasSuffix("xx"), let digit = Int(part.prefix(1)), (1...5).contains(digit) {
                ranges.append(digit * 100...digit * 100 + 99)
            } else if let dash = part.firstIndex(of: "-") {
                guard let low = Int(part[..<dash].trimmingCharacters(in: .whitespaces)),
                    let high = Int(part[part.index(after: dash)...].trimmingCharacters(in: .whitespaces)), low <= high,
                    (100...599).contains(low), (100...599).contains(high)
                else { return nil }
                ranges.append(low...high)
            } else {
                guard let code = Int(part), (100...599).contains(code) else { return nil }
                ranges.append(code...code)
            }
        }
        guard !ranges.isEmpty else { return nil }
        self.ranges = ranges
    }

    public func contains(_ code: Int) -> Bool { ranges.contains { $0.contains(code) } }

    public var description: String {
        ranges.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ",")
    }
}

/// The HTTP clients the probes share: one per combination of following redirects and checking certificates, so that
/// thousands of checks reuse connections instead of opening a client each.
public final class HTTPProbeClients: Sendable {
    private let clients: [Bool: [Bool: HTTPClient]]

    public init(group: any EventLoopGroup) {
        func client(follow: Bool, verify: Bool) -> HTTPClient {
            var tls = TLSConfiguration.makeClientConfiguration()
            if !verify { tls.certificateVerification = .none }
            var pool = HTTPClient.Configuration.ConnectionPool()
            // A check counts its own failures (soft states): the client must report a refused or failed connection at
            // once, not keep trying until the timeout.
            pool.retryConnectionEstablishment = false
            let configuration = HTTPClient.Configuration(
                tlsConfiguration: tls, redirectConfiguration: follow ? .follow(max: 10, allowCycles: false) : .disallow,
                connectionPool: pool, decompression: .enabled(limit: .ratio(100)))
            return HTTPClient(eventLoopGroupProvider: .shared(group), configuration: configuration)
        }
        clients = [
            true: [true: client(follow: true, verify: true), false: client(follow: true, verify: false)],
            false: [true: client(follow: false, verify: true), false: client(follow: false, verify: false)],
        ]
    }

    func client(followRedirects: Bool, verifyCertificate: Bool) -> HTTPClient { clients[followRedirects]![verifyCertificate]! }

    public func shutdown() async throws {
        for group in clients.values { for client in group.values { try await client.shutdown() } }
    }
}

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
