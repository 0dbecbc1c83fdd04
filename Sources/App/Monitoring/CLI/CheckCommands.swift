import ArgumentParser
import Domain
import Fluent
import Foundation
import Probes
import Vapor

/// `quartermaster check`: checks from the terminal and from scripts.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Monitoring checks: list, add, run and remove them.",
        subcommands: [List.self, Add.self, Run.self, Remove.self, Uptime.self])

    /// A check named by its id or its exact name.
    static func find(_ reference: String, on db: any Database) async throws -> Check {
        if let id = UUID(uuidString: reference), let check = try await Check.find(id, on: db) { return check }
        let named = try await Check.query(on: db).filter(\.$name == reference).all()
        guard let check = named.first else { throw CommandFailure("no check is called \(reference)") }
        guard named.count == 1 else { throw CommandFailure("\(named.count) checks are called \(reference): give the id instead") }
        return check
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the checks with their current status, worst first.",
            discussion: "Example: quartermaster check list --status critical")

        @OptionGroup var options: DatabaseOptions
        @ArgumentParser.Option(help: "Only checks with this status: ok, warning, critical or unknown.") var status: String?

        func run() async throws {
            let wanted = try status.map { text in
                guard let status = CheckStatus(rawValue: text) else {
                    throw CommandFailure("\(text) is not ok, warning, critical or unknown")
                }
                return status
            }
            try await withApplication(try options.load()) { app in
                let (checks, states, _) = try await MonitorViews.checkPage(
                    on: app.db, assetID: nil, status: wanted, kind: nil, text: nil, limit: 1_000_000, offset: 0)
                let assets = try await CheckAssets.of(checks, on: app.db)
                let rank: [CheckStatus: Int] = [.critical: 0, .warning: 1, .unknown: 2, .ok: 3]
                let sorted = checks.sorted {
                    (rank[states[$0.id!]?.status ?? .unknown] ?? 3, $0.name) < (rank[states[$1.id!]?.status ?? .unknown] ?? 3, $1.name)
                }
                for check in sorted {
                    let state = states[check.id!]
                    let status = state?.lastResultAt == nil ? "PENDING" : (state?.status ?? .unknown).rawValue.uppercased()
                    let subject = AlertRouter.subject(of: check, asset: check.assetID.flatMap { assets[$0] })
                    let response = state?.lastMilliseconds.map { "\($0) ms" } ?? ""
                    print(
                        [
                            status.padding(toLength: 9, withPad: " ", startingAt: 0), check.name, subject, check.kindRaw, check.target,
                            response,
                        ]
                        .filter { !$0.isEmpty }.joined(separator: "  "))
                }
                print("\(sorted.count) checks")
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a check to an asset or a named service.",
            discussion: """
                Examples:
                  quartermaster check add --name "Mail HTTPS" --kind http --target https://mail.example.ee/ --asset SRV-0007
                  quartermaster check add --name "Backup" --kind heartbeat --interval 86400 --grace 3600 --service "Nightly backup"
                Prints the new check's id (and a heartbeat's URL).
                """)

        @OptionGroup var options: DatabaseOptions
        @ArgumentParser.Option(help: "The check's name.") var name: String
        @ArgumentParser.Option(help: "icmp, tcp, http, tls, dns, snmp or heartbeat.") var kind: String
        @ArgumentParser.Option(help: "Host or address; the URL for http; the name to resolve for dns.") var target: String = ""
        @ArgumentParser.Option(help: "Port (tcp needs one; tls, dns and snmp have defaults).") var port: Int?
        @ArgumentParser.Option(help: "Seconds between runs (a heartbeat's period).") var interval = 60
        @ArgumentParser.Option(help: "Seconds a run may take.") var timeout = 10
        @ArgumentParser.Option(help: "Problem results in a row before the problem is hard (alerted).") var retries = 3
        @ArgumentParser.Option(help: "The tag of the asset the check belongs to.") var asset: String?
        @ArgumentParser.Option(help: "A named service, for a check that belongs to no asset.") var service = ""
        @ArgumentParser.Option(help: "Warning limit (ms; days for tls; the value for snmp).") var warning: Int?
        @ArgumentParser.Option(help: "Critical limit.") var critical: Int?
        @ArgumentParser.Option(help: "tcp: text the banner must contain.") var banner: String?
        @ArgumentParser.Option(help: "http: accepted statuses, e.g. 200-299,301.") var statuses: String?
        @ArgumentParser.Option(help: "http: text the body must contain.") var bodyContains: String?
        @ArgumentParser.Option(help: "dns: record type (A, AAAA, MX, …).") var recordType: String?
        @ArgumentParser.Option(help: "dns: the resolver's address.") var resolver: String?
        @ArgumentParser.Option(help: "dns and snmp: the expected answer.") var expected: String?
        @ArgumentParser.Option(help: "snmp: community.") var community: String?
        @ArgumentParser.Option(help: "snmp: an OID; give two (used, size) for a percentage.") var oid: [String] = []
        @ArgumentParser.Option(help: "heartbeat: seconds a call may be late.") var grace: Int?

        /// The flag that sets each field the service names in its errors.
        static let flags = [
            "intervalSeconds": "--interval", "timeoutSeconds": "--timeout", "problemsBeforeHard": "--retries", "graceSeconds": "--grace",
            "oids": "--oid", "bodyContains": "--body-contains", "recordType": "--record-type", "assetId": "--asset",
        ]

        func run() async throws {
            guard let kind = CheckKind(rawValue: kind) else {
                throw CommandFailure("\(self.kind) is not a kind of check (icmp, tcp, http, tls, dns, snmp, heartbeat)")
            }
            try await withApplication(try options.load()) { app in
                var assetID: UUID?
                if let asset {
                    guard let found = try await Asset.find(tag: asset, on: app.db) else {
                        throw CommandFailure("no asset has the tag \(asset)")
                    }
                    assetID = found.id
                }
                let settings = CheckSettings(
                    banner: banner, statuses: statuses, bodyContains: bodyContains, recordType: recordType, resolver: resolver,
                    expected: expected, community: community, oids: oid, graceSeconds: grace)
                let input = CheckService.Input(
                    name: name,
                    definition: CheckDefinition(
                        kind: kind, target: target, port: port, intervalSeconds: interval, timeoutSeconds: timeout,
                        policy: CheckPolicy(problemsBeforeHard: retries), warning: warning, critical: critical, settings: settings),
                    assetID: assetID, service: service)
                let service = CheckService(app: app, actor: .commandLine())
                let check: Check
                do {
                    check = try await service.create(input)
                } catch let failure as ValidationFailure {
                    throw CommandFailure(
                        failure.errors.map { error in
                            let flag = Self.flags[error.field] ?? "--\(error.field)"
                            var message = "\(flag): \(app.services.localizer.text(error.code.messageKey, .en))"
                            if error.code == .outOfRange,
                                let range = CheckDefinition.allowedRange(of: error.field, kind: kind, intervalSeconds: interval)
                            {
                                message += " Allowed: \(range.lowerBound)–\(range.upperBound)."
                            }
                            return message
                        }.joined(separator: "; "))
                }
                print(check.id!.uuidString)
                if let token = service.token(of: check) {
                    let path = Paths.heartbeat.rawValue.replacingOccurrences(of: ":token", with: token)
                    let settings = try await NotificationSettings.current(on: app.db)
                    print(settings.link(path) ?? path)
                }
            }
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a check now, record its result and print it.",
            discussion: """
                Exits as monitoring plugins do: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
                Example: quartermaster check run "Mail HTTPS"
                """)

        @OptionGroup var options: DatabaseOptions
        @ArgumentParser.Argument(help: "The check's id or exact name.") var check: String

        func run() async throws {
            let status = try await withApplication(try options.load()) { app -> CheckStatus in
                let check = try await CheckCommand.find(self.check, on: app.db)
                let result = try await app.monitor.runNow([check.id!])[check.id!]
                let status = result?.status ?? .unknown
                var line = "\(status.rawValue.uppercased()) \(check.name)"
                if let ms = result?.milliseconds { line += " \(ms) ms" }
                if let problem = result?.problem { line += " — \(app.services.localizer.text(problem.labelKey, .en))" }
                if let detail = result?.detail, !detail.isEmpty { line += ": \(detail)" }
                print(line)
                return status
            }
            let code: Int32 = [CheckStatus.ok: 0, .warning: 1, .critical: 2, .unknown: 3][status] ?? 3
            if code != 0 { throw ExitCode(code) }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a check with its results, history and alerts.",
            discussion: "Example: quartermaster check remove \"Mail HTTPS\"")

        @OptionGroup var options: DatabaseOptions
        @ArgumentParser.Argument(help: "The check's id or exact name.") var check: String

        func run() async throws {
            try await withApplication(try options.load()) { app in
                let check = try await CheckCommand.find(self.check, on: app.db)
                do {
                    try await CheckService(app: app, actor: .commandLine()).delete(check.id!, expectedVersion: nil)
                } catch is ValidationFailure {
                    throw CommandFailure("other checks depend on \(check.name): change them first")
                }
                print("removed \(check.name)")
            }
        }
    }
}
