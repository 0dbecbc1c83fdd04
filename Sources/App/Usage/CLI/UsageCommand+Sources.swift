import ArgumentParser
import Domain
import Foundation
import LogFormats
import SQLKit
import Vapor

extension UsageCommand {
    struct Sources: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the log sources: format, name, lines, malformed lines, files, last read, last error (tab-separated).")

        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            try await withApplication(try options.load()) { app in
                for source in try await UsageSourceList.all(on: app.db) {
                    print(
                        [
                            source.format, source.name, String(source.lines), String(source.malformed), String(source.files),
                            source.lastIngestAt.map { ISO8601DateFormatter().string(from: $0) } ?? "-", source.lastError ?? "-",
                        ].joined(separator: "\t"))
                }
            }
        }
    }
}
