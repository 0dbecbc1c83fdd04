import ArgumentParser
import Domain
import Foundation
import UsageCounting
import Vapor

/// `quartermaster ingest`: proxy and mail-server logs into the usage aggregates, exactly once.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Read proxy or mail-server logs into the usage reports (aggregates and pseudonyms only).",
        discussion: """
            Files may be plain or gzip, and a rotated set (access.log access.log.1 access.log.2.gz) is read oldest first. \
            A file read again, or its rotated copy, counts only lines not counted before; a run that stops resumes at its \
            last checkpoint. - reads standard input. With --follow, keeps reading what is appended to one file and follows \
            it through rotation until interrupted. With --listen, receives what rsyslog or syslog-ng forward (UDP, or TCP \
            octet-counted or newline-ended; RFC 5424 or RFC 3164) until interrupted, storing the counts every second.
            Examples: quartermaster ingest squid /var/log/squid/access.log*
                      quartermaster ingest postfix --listen udp:0.0.0.0:5514 --listen tcp:0.0.0.0:5514
            """)

    @OptionGroup var options: DatabaseOptions
    @ArgumentParser.Argument(help: "squid, combined or postfix.") var format: String
    @ArgumentParser.Argument(help: "Log files, or - for standard input.") var paths: [String] = []
    @ArgumentParser.Option(name: .customLong("listen"), help: "Receive syslog at udp:HOST:PORT or tcp:HOST:PORT (repeatable).")
    var listen: [String] = []
    @ArgumentParser.Flag(help: "Keep reading one file as it grows and is rotated, until interrupted.") var follow = false
    @ArgumentParser.Option(help: "The source's name on the sources page (default: the log's path without rotation suffix).")
    var source: String?
    @ArgumentParser.Option(help: "Lines between checkpoints.") var checkpointLines = 1_000_000

    func validate() throws {
        guard UsageLogFormat(rawValue: format) != nil else { throw ValidationError("the format must be squid, combined or postfix") }
        for text in listen where SyslogReceiver.Endpoint(text) == nil {
            throw ValidationError("\(text) is not an endpoint like udp:127.0.0.1:5514 or tcp:0.0.0.0:514")
        }
        if !listen.isEmpty, !paths.isEmpty || follow {
            throw ValidationError("--listen receives syslog; it takes no files and no --follow")
        }
        guard !paths.isEmpty || !listen.isEmpty else { throw ValidationError("name at least one log file, or - for standard input") }
        if follow, paths.count != 1 || paths[0] == "-" { throw ValidationError("--follow reads exactly one file (not standard input)") }
        guard checkpointLines > 0 else { throw ValidationError("--checkpoint-lines must be positive") }
    }

    func run() async throws {
        let format = UsageLogFormat(rawValue: format)!
        let name = source ?? (listen.isEmpty ? Self.sourceName(paths) : "syslog")
        let start = ContinuousClock.now
        let progress = TerminalProgress(label: "")
        let (paths, follow, checkpointLines) = (self.paths, self.follow, self.checkpointLines)
        let endpoints = listen.compactMap(SyslogReceiver.Endpoint.init)
        let summary = try await withApplication(try options.load()) { app in
            let work: @Sendable () async throws -> IngestSummary = {
                let ingest = try await UsageIngest.open(app: app, format: format, source: name, checkpointLines: checkpointLines)
                ingest.progress = { path, lines, bytes in progress.show("\(path): \(lines) lines, \(bytes / 1_000_000) MB") }
                do {
                    return follow ? try await ingest.ingest(path: paths[0], follow: true) : try await ingest.ingest(paths: paths)
                } catch is CancellationError {
                    return IngestSummary()
                } catch {
                    let message = Self.describe(error)
                    await ingest.recordFailure(message)
                    throw CommandFailure(message)
                }
            }
            if !endpoints.isEmpty {
                return try await Self.receive(app: app, format: format, source: name, endpoints, checkpointLines: checkpointLines)
            }
            return follow ? try await Self.untilInterrupted(work) : try await work()
        }
        progress.finish()
        let elapsed = (ContinuousClock.now - start).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        print(Self.summaryLine(summary, source: name, seconds: seconds))
    }

    /// Listens until interrupted; says where on standard error (with the ports bound, for port 0) and in the audit trail.
    static func receive(
        app: Application, format: UsageLogFormat, source: String, _ endpoints: [SyslogReceiver.Endpoint], checkpointLines: Int
    )
        async throws -> IngestSummary
    {
        let receiver = SyslogReceiver()
        let bound: [SyslogReceiver.Endpoint]
        do {
            bound = try await receiver.start(endpoints)
        } catch {
            await receiver.stop()
            throw CommandFailure("cannot listen on \(endpoints.map(\.description).joined(separator: ", ")): \(error)")
        }
        let label = bound.map(\.description).joined(separator: " ")
        let now = app.services.clock.now()
        try await app.write { db in
            try await AuditLog.append(
                on: db, actor: .commandLine(), action: "usage.listen", entityType: "usage_source", entityID: nil,
                changes: ["format": AuditChange(before: nil, after: format.rawValue), "endpoints": AuditChange(before: nil, after: label)],
                at: now)
        }
        FileHandle.standardError.write(Data("listening on \(label)\n".utf8))
        let summary = try await untilInterrupted {
            let ingest = try await UsageIngest.open(app: app, format: format, source: source, checkpointLines: checkpointLines)
            return try await ingest.consume(receiver, label: label)
        }
        await receiver.stop()
        return summary
    }

    static func sourceName(_ paths: [String]) -> String {
        guard let first = paths.first, first != "-" else { return "stdin" }
        return LogRotation.baseName(URL(fileURLWithPath: first).standardizedFileURL.path)
    }

    static func summaryLine(_ summary: IngestSummary, source: String, seconds: Double) -> String {
        let rate = seconds > 0 ? Int(Double(summary.lines) / seconds) : 0
        var parts = ["\(summary.files) file\(summary.files == 1 ? "" : "s")", "\(summary.lines) new lines"]
        if summary.filesAlreadyCounted > 0 { parts.append("\(summary.filesAlreadyCounted) already counted") }
        parts.append("\(summary.malformed) malformed")
        if summary.ignored > 0 { parts.append("\(summary.ignored) not collected") }
        if summary.tooOld > 0 { parts.append("\(summary.tooOld) older than the retention") }
        return "ingested \(source): " + parts.joined(separator: ", ") + String(format: " in %.1f s (%d lines/s)", seconds, rate)
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case LogReader.Failure.cannotOpen(let path, let code): return "cannot open \(path): \(String(cString: strerror(code)))"
        case LogReader.Failure.cannotRead(let path, let code): return "cannot read \(path): \(String(cString: strerror(code)))"
        case LogReader.Failure.damagedGzip(let path): return "\(path) is a damaged or incomplete gzip file"
        case let failure as CommandFailure: return failure.message
        default: return String(describing: error)
        }
    }

    /// Runs `body` until it ends or the process is asked to stop (Ctrl-C, SIGTERM); what was read since the last
    /// checkpoint is read again next time.
    static func untilInterrupted<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await body() }
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let sources = [SIGINT, SIGTERM].map { DispatchSource.makeSignalSource(signal: $0) }
        for source in sources {
            source.setEventHandler { task.cancel() }
            source.resume()
        }
        defer { sources.forEach { $0.cancel() } }
        return try await task.value
    }
}
