import Domain
import Fluent
import Foundation
import Prometheus
import Vapor

/// A bcrypt hash of a random password, made once on first use (the server warms it at start; command-line runs, which
/// sign nobody in, never pay for it).
actor DecoyPasswordHash {
    private let cost: Int
    private var made: String?

    init(cost: Int) { self.cost = cost }

    func value() async throws -> String {
        if let made { return made }
        let cost = self.cost
        let hash = try await NIOThreadPool.singleton.runIfActive { try Bcrypt.hash(Secrets.randomToken(), cost: cost) }
        made = hash
        return hash
    }
}
