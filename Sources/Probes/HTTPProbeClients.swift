import AsyncHTTPClient
import NIOCore
import NIOSSL

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
