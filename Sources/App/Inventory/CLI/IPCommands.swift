import ArgumentParser
import Domain
import Foundation
import Vapor

/// `quartermaster ip`: address management from the terminal.
struct IPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ip", abstract: "IP address management.", subcommands: [NextFree.self, Lookup.self])

    struct NextFree: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "next-free",
            abstract: "Print the lowest usable address of a prefix that no recorded address takes.",
            discussion: "Example: quartermaster ip next-free 10.1.0.0/16. Exits with 1 when the prefix is full.")

        @OptionGroup var options: DatabaseOptions
        @ArgumentParser.Argument(help: "The prefix, such as 10.1.0.0/16 or 2001:db8:1::/64.") var prefix: String

        func run() async throws {
            guard let parsed = IPPrefix(prefix) else {
                throw CommandFailure("\(prefix) is not a prefix in CIDR form with its network address (such as 10.1.0.0/16)")
            }
            try await withApplication(try options.load()) { app in
                guard let free = try await IPAMService.nextFree(in: parsed, on: app.db) else {
                    throw CommandFailure("\(parsed) has no free address")
                }
                print(free)
            }
        }
    }

    struct Lookup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lookup",
            abstract: "Say what is at an IP or MAC address: the address, its prefix, the device and its holder, and the cable path.",
            discussion: "Example: quartermaster ip lookup 10.10.1.10. Exits with 1 when nothing is recorded there.")

        @OptionGroup var options: DatabaseOptions
        @ArgumentParser.Argument(help: "An IP address (10.1.2.3, 2001:db8::5) or a MAC address.") var address: String

        func run() async throws {
            try await withApplication(try options.load()) { app in
                let result: NetworkLookup.Result
                do {
                    result = try await NetworkLookup.find(address, on: app.db)
                } catch is ValidationFailure {
                    throw CommandFailure("\(address) is neither an IP address nor a MAC address")
                }
                guard result.address != nil || result.interface != nil else { throw CommandFailure("nothing is recorded at \(address)") }
                for line in Self.lines(result) { print(line) }
            }
        }

        /// The answer as a terminal shows it: one fact a line, then the cable path hop by hop.
        static func lines(_ result: NetworkLookup.Result) -> [String] {
            var lines: [String] = []
            if let record = result.address {
                lines.append(
                    "address    \(record.address)\(record.prefixLength.map { "/\($0)" } ?? "") \(record.status)\(record.dnsName.map { " \($0)" } ?? "")"
                )
            }
            if let prefix = result.prefix { lines.append("prefix     \(prefix)") }
            if let device = result.device {
                lines.append("device     \(device.tag) \(device.name.isEmpty ? device.model : device.name) (\(device.status.rawValue))")
                if let holder = device.holder { lines.append("holder     \(holder)") }
                if let site = device.site { lines.append("site       \(site)\(device.rack.map { ", rack \($0)" } ?? "")") }
            }
            if let interface = result.interface { lines.append("interface  \(interface.label)\(interface.mac.map { " \($0)" } ?? "")") }
            if let trace = result.trace {
                for hop in trace.hops { lines.append("cable      \(hop.from.label) —\(hop.cable)→ \(hop.to.label)") }
                switch trace.end {
                case "interface": lines.append("ends at    \(trace.farInterface ?? "")")
                case "loop": lines.append("ends       in a loop: check the patching")
                default: lines.append(trace.hops.isEmpty ? "not cabled" : "open at    \(trace.farInterface ?? "")")
                }
            }
            return lines
        }
    }
}
