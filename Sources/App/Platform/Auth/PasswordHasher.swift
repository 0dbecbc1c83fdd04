import NIOPosix
import Vapor

/// bcrypt off the event loops: a hash at the production cost takes a quarter of a second of CPU.
struct PasswordHasher: Sendable {
    let cost: Int

    func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { try Bcrypt.verify(password, created: hash) }
    }
}

extension AppServices {
    var passwords: PasswordHasher { PasswordHasher(cost: config.bcryptCost) }
}
