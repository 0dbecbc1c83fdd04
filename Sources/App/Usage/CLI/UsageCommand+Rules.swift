import ArgumentParser
import Domain
import Foundation
import LogFormats
import SQLKit
import Vapor

extension UsageCommand {
    struct Rules: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the acceptable-use rules, add one, or remove one.",
            discussion: """
                Kinds: category_blocked and category_limit (with --category; the limit in requests a day), daily_volume (bytes), \
                out_of_hours (requests a day outside working hours), large_free_mail.
                Examples: quartermaster usage rules --add "No gambling" --kind category_blocked --category gambling
                          quartermaster usage rules --remove 3F2504E0-4F89-11D3-9A0C-0305E82C3301
                """)

        @OptionGroup var options: DatabaseOptions
        @ArgumentParser.Option(help: "Add a rule with this name.") var add: String?
        @ArgumentParser.Option(help: "The new rule's kind.") var kind: String?
        @ArgumentParser.Option(help: "The category, for category rules.") var category: String?
        @ArgumentParser.Option(help: "The limit: requests a day, or bytes for daily_volume.") var threshold: Int64?
        @ArgumentParser.Option(help: "Remove the rule with this id, and its findings.") var remove: String?

        func validate() throws {
            if add != nil, kind.flatMap(UsageRule.Kind.init) == nil {
                throw ValidationError("--kind is one of \(UsageRule.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if let remove, UUID(uuidString: remove) == nil { throw ValidationError("--remove takes a rule's id") }
        }

        func run() async throws {
            let (add, kind, category, threshold, remove) = (self.add, self.kind, self.category, self.threshold, self.remove)
            try await withApplication(try options.load()) { app in
                if let add, let kind = kind.flatMap(UsageRule.Kind.init) {
                    do {
                        _ = try await UsageFindings.addRule(
                            name: add, UsageRule(kind: kind, category: category, threshold: threshold), actor: .commandLine(), app: app)
                    } catch let failure as ValidationFailure {
                        throw CommandFailure(failure.errors.map { "\($0.field): \($0.code.rawValue)" }.joined(separator: "; "))
                    }
                }
                if let remove, let id = UUID(uuidString: remove) {
                    do {
                        try await UsageFindings.removeRule(id, actor: .commandLine(), app: app)
                    } catch let error as AppError where error.code == AppError.notFound.code {
                        throw CommandFailure("no rule has the id \(remove)")
                    }
                }
                for rule in try await UsageFindings.rules(on: app.db) {
                    print(
                        [
                            rule.id.uuidString, rule.name, rule.rule.kind.rawValue, rule.rule.category ?? "-",
                            rule.rule.threshold.map(String.init) ?? "-",
                        ]
                        .joined(separator: "\t"))
                }
            }
        }
    }
}
