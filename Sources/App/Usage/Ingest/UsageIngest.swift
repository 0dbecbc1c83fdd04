import Crypto
import Domain
import Fluent
import Foundation
import LogFormats
import NIOConcurrencyHelpers
import SQLKit
import UsageCounting
import Vapor

/// Reads logs of one source into the usage aggregates, exactly once. A file is known by its first line's hash; how far it
/// has been counted (in uncompressed bytes) is stored with the aggregates in one transaction at every checkpoint, so a
/// run that is killed resumes at the last checkpoint, counting nothing twice and losing nothing, and a file read again —
/// or its rotated, compressed copy — counts only what was not counted yet. One instance reads in one task.
final class UsageIngest {
    let store: UsageSourceStore
    var app: Application { store.app }
    let format: UsageLogFormat
    let sourceID: UUID
    /// Lines between checkpoints.
    let checkpointLines: Int
    var progress: (@Sendable (String, Int64, Int64) -> Void)?

    var lines: UsageLineReader
    /// A second reader for proxy logs: each block's second half is read by it on a thread-pool thread while the first
    /// half is read here, so an ingest counts on two cores. Its tally joins `lines`' at each checkpoint. None for mail
    /// logs (a message's lines must be read in order) or while the raw buffer keeps lines (in the order they came).
    let partner: NIOLockedValueBox<UsageLineReader>?
    var keys: PseudonymKeys
    /// Lines for the raw buffer since the last checkpoint (only when the policy keeps one).
    var rawLines: [String] = []
    var samples: [String]

    static let blockSize = 1 << 20
    /// A longer line is malformed; the reader skips to its end.
    static let longestLine = 64 * 1024

    private init(
        store: UsageSourceStore, format: UsageLogFormat, sourceID: UUID, checkpointLines: Int, lines: UsageLineReader,
        keys: PseudonymKeys, samples: [String]
    ) {
        self.store = store
        self.format = format
        self.sourceID = sourceID
        self.checkpointLines = checkpointLines
        self.lines = lines
        self.partner = format != .postfix && lines.policy.rawBufferDays == 0 ? NIOLockedValueBox(lines) : nil
        self.keys = keys
        self.samples = samples
    }

    /// Opens (or begins) the source `name` and loads what attribution needs from the records as they are now.
    static func open(app: Application, format: UsageLogFormat, source name: String, checkpointLines: Int = 1_000_000) async throws
        -> UsageIngest
    {
        let db = app.db
        let now = app.services.clock.now()
        let store = UsageSourceStore(app: app)
        let source = try await store.source(name, format: format)
        let policy = try await UsageSettings.current(on: db).policy
        let zone = try await app.services.organisation.current(on: db).timeZone
        let suffixes = PublicSuffixList(
            text: try String(contentsOf: Resources.directory.appendingPathComponent("Usage/public_suffix_list.dat"), encoding: .utf8))
        let today = CalendarDate(now, in: zone).daysSince1970
        var reader = UsageLineReader(
            format: format, policy: policy, attribution: try await UsageAttribution.load(on: db), suffixes: suffixes, timeZone: zone,
            oldestDay: today - policy.retentionDays + 1)
        reader.correlator.resume(source.pending)
        return UsageIngest(
            store: store, format: format, sourceID: source.id, checkpointLines: checkpointLines, lines: reader,
            keys: try await PseudonymKeys.load(box: app.services.secretBox, on: db), samples: source.samples)
    }

    /// Reads the files of `paths` (a rotated set is read oldest first; `-` is standard input).
    func ingest(paths: [String]) async throws -> IngestSummary {
        var summary = IngestSummary()
        for path in LogRotation.oldestFirst(paths) {
            summary.add(try await ingest(path: path, follow: false))
        }
        return summary
    }

    /// One file. With `follow`, keeps reading what is appended, and moves on to the new file when the path is rotated,
    /// until the task is cancelled.
    func ingest(path: String, follow: Bool) async throws -> IngestSummary {
        var summary = IngestSummary()
        var reader = try LogReader(path: path)
        while true {
            var file = try await read(reader)
            summary.add(file.summary)
            // A file with lines, all of them counted before, is one read again.
            if file.summary.lines == 0 && file.offset > 0 { summary.filesAlreadyCounted += 1 } else { summary.files += 1 }
            guard follow, !Task.isCancelled else { break }
            // The path now names another file (logrotate moved the old one away): read the new one from its start.
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(1))
                let old = reader.identity
                if let replacement = try? LogReader(path: path), let new = replacement.identity, let old,
                    new.device != old.device || new.inode != old.inode
                {
                    // Whatever was written to the old file after our last read is counted first.
                    file = try await read(reader, resuming: file)
                    summary.add(file.summary)
                    reader = replacement
                    break
                }
                file = try await read(reader, resuming: file)
                summary.add(file.summary)
            }
            if Task.isCancelled { break }
        }
        return summary
    }

    static let sampleCount = 5

    /// Notes on the source that reading it failed, for the sources page.
    func recordFailure(_ message: String) async {
        await store.recordFailure(message, source: sourceID)
    }
}
