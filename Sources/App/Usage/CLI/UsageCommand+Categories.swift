import ArgumentParser
import Domain
import Foundation
import LogFormats
import SQLKit
import Vapor

extension UsageCommand {
    struct Categories: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import site categories from a list in the UT1 format (a folder per category with a domains file), or list them.",
            discussion: """
                Only registrable domains are kept (example.com, not ads.example.com): usage is counted per registrable domain.
                An import replaces the list imported before; the bundled starter list stays unless --replace-starter.
                Examples: quartermaster usage categories /srv/ut1/blacklists
                          quartermaster usage categories
                """)

        @OptionGroup var options: DatabaseOptions
        @ArgumentParser.Argument(help: "A UT1-format folder to import; none lists the categories.") var folder: String?
        @ArgumentParser.Flag(help: "Remove the bundled starter list too.") var replaceStarter = false

        func run() async throws {
            let folder = self.folder
            let replaceStarter = self.replaceStarter
            try await withApplication(try options.load()) { app in
                if let folder {
                    let suffixes = PublicSuffixList(
                        text: try String(
                            contentsOf: Resources.directory.appendingPathComponent("Usage/public_suffix_list.dat"), encoding: .utf8))
                    let progress = TerminalProgress(label: "categories read")
                    let (entries, skipped) = try UsageCategories.readUT1(
                        URL(fileURLWithPath: folder), suffixes: suffixes, progress: progress.update)
                    progress.finish()
                    let summary = try await UsageCategories.replace(origin: "ut1", with: entries, actor: .commandLine(), app: app)
                    if replaceStarter {
                        _ = try await UsageCategories.replace(origin: "starter", with: [], actor: .commandLine(), app: app)
                    }
                    print(
                        "imported \(summary.categories) categories with \(summary.domains) domains (\(skipped) entries not registrable domains, skipped)"
                    )
                    return
                }
                let sql = app.db.sql
                for row in try await sql.raw(
                    """
                    SELECT c.name AS name, c.origin AS origin, COUNT(cd.domain) AS domains FROM usage_categories c
                    LEFT JOIN usage_category_domains cd ON cd.category_id = c.id GROUP BY c.name, c.origin ORDER BY c.name, c.origin
                    """
                ).all() {
                    print(
                        [
                            try row.decode(column: "name", as: String.self), try row.decode(column: "origin", as: String.self),
                            String(try row.decode(column: "domains", as: Int.self)),
                        ].joined(separator: "\t"))
                }
            }
        }
    }
}
