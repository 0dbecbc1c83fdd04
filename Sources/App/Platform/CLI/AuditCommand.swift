import ArgumentParser
import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Inspect the audit trail.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the audit trail's hash chain: exit 0 when intact, 1 naming the first broken entry.")
        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let finding = try await withApplication(try options.load()) { app in try await app.auditSeal.verify(on: app.db) }
            switch finding {
            case .intact(let count): print("The audit trail is intact: \(count) entr\(count == 1 ? "y" : "ies") verified.")
            case .altered(let sequence): throw CommandFailure("audit entry \(sequence) was altered after it was written")
            case .broken(let sequence):
                throw CommandFailure("the chain breaks at audit entry \(sequence): an entry before it was removed or reordered")
            case .truncated(let expected, let actual):
                throw CommandFailure(
                    "the audit trail ends at entry \(actual.map(String.init) ?? "none") but entry \(expected) was written: entries were removed"
                )
            case .headForged(let sequence):
                throw CommandFailure(
                    "the audit trail's head (entry \(sequence)) does not carry the installation's seal: the trail was cut short or rewritten by someone without the key"
                )
            case .unsealed(let count):
                print(
                    "The audit trail's chain is intact: \(count) entr\(count == 1 ? "y" : "ies") verified. It is not sealed yet: the next change seals it."
                )
            }
        }
    }
}
