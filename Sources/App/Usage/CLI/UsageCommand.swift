import ArgumentParser
import Domain
import Foundation
import LogFormats
import SQLKit
import Vapor

/// `quartermaster usage`: the usage settings, report and sources from the terminal.
struct UsageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage", abstract: "Internet and mail usage: settings, reports, sources.",
        subcommands: [Settings.self, Report.self, Sources.self, Categories.self, Rules.self, Findings.self, Raw.self])
}
