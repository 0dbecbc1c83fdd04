import Crypto
import Domain
import Fluent
import Foundation
import LogFormats
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// The log formats Quartermaster reads.
enum UsageLogFormat: String, CaseIterable, Codable, Sendable {
    case squid, combined, postfix
}

/// What an ingest did, for its one-line summary, the audit trail and the sources page.
struct IngestSummary: Sendable, Equatable {
    var files = 0
    /// Files counted before in full (the same file again, or its rotated copy).
    var filesAlreadyCounted = 0
    var lines: Int64 = 0
    var malformed: Int64 = 0
    /// Lines of other programs in a mail log, and lines of a type the organisation does not collect.
    var ignored: Int64 = 0
    /// Lines older than the retention: they would be deleted at once, so they are not stored.
    var tooOld: Int64 = 0
    var bytes: Int64 = 0

    mutating func add(_ other: IngestSummary) {
        files += other.files
        filesAlreadyCounted += other.filesAlreadyCounted
        lines += other.lines
        malformed += other.malformed
        ignored += other.ignored
        tooOld += other.tooOld
        bytes += other.bytes
    }
}

/// Reads logs of one source into the usage aggregates, exactly once. A file is known by its first line's hash; how far it
/// has been counted (in uncompressed bytes) is stored with the aggregates in one transaction at every checkpoint, so a
/// run that is killed resumes at the last checkpoint, counting nothing twice and losing nothing, and a file read again —
/// or its rotated, compressed copy — counts only what was not counted yet. One instance reads in one task.
final class UsageIngest {
    let app: Application
    let format: UsageLogFormat
    let sourceID: UUID
    /// Lines between checkpoints.
    let checkpointLines: Int
    var progress: (@Sendable (String, Int64, Int64) -> Void)?

    var lines: UsageLineReader
    /// A second reader for proxy logs: each block's second half is read by it on a thread-pool thread while the first
    /// half is read here, so an ingest counts on two cores. Its tally joins `lines`' at each checkpoint. None for mail
    /// logs (a message's lines must be read in order) or while the raw buffer keeps lines (in the order they came).
    private let partner: NIOLockedValueBox<UsageLineReader>?
    private var keys: PseudonymKeys
    /// Lines for the raw buffer since the last checkpoint (only when the policy keeps one).
    private var rawLines: [String] = []
    private var samples: [String]

    static let blockSize = 1 << 20
    /// A longer line is malformed; the reader skips to its end.
    static let longestLine = 64 * 1024

    private init(
        app: Application, format: UsageLogFormat, sourceID: UUID, checkpointLines: Int, lines: UsageLineReader, keys: PseudonymKeys,
        samples: [String]
    ) {
        self.app = app
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
        let sql = db.sql
        let now = app.services.clock.now()
        var source = try await sql.select().columns("id", "pending", "samples").from("usage_sources")
            .where("format", .equal, format.rawValue).where("name", .equal, name).first()
        if source == nil {
            do {
                try await app.write(appendsToAuditTrail: false) { db in
                    try await db.sql.insert(into: "usage_sources")
                        .columns("id", "format", "name", "lines", "malformed", "samples", "pending", "created_at")
                        .values(
                            SQLBind(UUID()), SQLBind(format.rawValue), SQLBind(name), SQLBind(0), SQLBind(0), SQLBind("[]"), SQLBind("[]"),
                            SQLBind(now)
                        )
                        .run()
                }
            } catch let error as any DatabaseError where error.isConstraintFailure {
                // Another ingest began it at the same moment.
            }
            source = try await sql.select().columns("id", "pending", "samples").from("usage_sources")
                .where("format", .equal, format.rawValue).where("name", .equal, name).first()
        }
        guard let source else { throw CommandFailure("the source \(name) could not be stored") }
        let policy = try await UsageSettings.current(on: db).policy
        let zone = try await app.services.organisation.current(on: db).timeZone
        let suffixes = PublicSuffixList(
            text: try String(contentsOf: Resources.directory.appendingPathComponent("Usage/public_suffix_list.dat"), encoding: .utf8))
        let today = CalendarDate(now, in: zone).daysSince1970
        var reader = UsageLineReader(
            format: format, policy: policy, attribution: try await UsageAttribution.load(on: db), suffixes: suffixes, timeZone: zone,
            oldestDay: today - policy.retentionDays + 1)
        let pending = try JSONDecoder().decode(
            [LogFormats.MailMessage].self, from: Data(try source.decode(column: "pending", as: String.self).utf8))
        reader.correlator.resume(pending)
        let samples = try JSONDecoder().decode([String].self, from: Data(try source.decode(column: "samples", as: String.self).utf8))
        return UsageIngest(
            app: app, format: format, sourceID: try source.decode(column: "id", as: UUID.self), checkpointLines: checkpointLines,
            lines: reader, keys: try await PseudonymKeys.load(box: app.services.secretBox, on: db), samples: samples)
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

    /// Where a file stands: its fingerprint, its stored checkpoint, and what this run did with it.
    struct FileState {
        var fingerprint: String?
        var offset: Int64 = 0
        var lines: Int64 = 0
        var malformed: Int64 = 0
        var summary = IngestSummary()
        /// Lines read since the last checkpoint.
        var uncommittedLines: Int64 = 0
        var uncommittedMalformed: Int64 = 0
        /// Bytes read but not yet a complete line.
        var carried: [UInt8] = []

        /// Counts lines read: in this run, in the file, and since the last checkpoint.
        mutating func add(_ outcomes: UsageLineReader.Outcomes) {
            summary.lines += outcomes.lines
            summary.ignored += outcomes.ignored
            summary.tooOld += outcomes.tooOld
            summary.malformed += outcomes.malformed
            lines += outcomes.lines
            malformed += outcomes.malformed
            uncommittedLines += outcomes.lines
            uncommittedMalformed += outcomes.malformed
        }
    }

    /// Reads `reader` from where `state` (or the stored checkpoint) left off to its current end.
    private func read(_ reader: LogReader, resuming state: FileState? = nil) async throws -> FileState {
        let resumed = state != nil
        var state = state ?? FileState()
        state.summary = IngestSummary()
        if !resumed { lines.setReferenceDate(reader.modified) }
        let block = UnsafeMutableRawPointer.allocate(byteCount: Self.blockSize + Self.longestLine, alignment: 16)
        defer { block.deallocate() }
        var carried = state.carried.count
        state.carried.withUnsafeBytes { if let base = $0.baseAddress { block.copyMemory(from: base, byteCount: $0.count) } }
        state.carried = []
        var skipTo = state.offset
        var position = state.offset - Int64(carried)
        var oversized = false
        while true {
            let room = Self.blockSize + Self.longestLine - carried
            let count = try reader.read(into: block + carried, count: min(room, Self.blockSize))
            let end = carried + count
            var lineStart = 0
            if count == 0 {
                // The last line of a compressed (finished) file may lack its newline.
                if reader.isCompressed, end > 0, state.fingerprint != nil, !oversized {
                    // Counted before when the file was read to its end already.
                    if position >= skipTo { line(UnsafeRawBufferPointer(start: block, count: end), &state) }
                    position += Int64(end)
                    state.offset = max(state.offset, position)
                    carried = 0
                }
                break
            }
            state.summary.bytes += Int64(count)
            if state.fingerprint != nil, position >= skipTo, !oversized,
                let read = try await readInParallel(UnsafeRawBufferPointer(start: block + lineStart, count: end - lineStart), &state)
            {
                position += Int64(read)
                state.offset = position
                lineStart += read
            }
            while lineStart < end, let newline = memchr(block + lineStart, 0x0A, end - lineStart) {
                let lineEnd = block.distance(to: newline)
                let bytes = UnsafeRawBufferPointer(start: block + lineStart, count: lineEnd - lineStart)
                if state.fingerprint == nil {
                    try await identify(bytes, &state)
                    skipTo = state.offset
                    if skipTo > 0 { state.summary.bytes = 0 }
                }
                let next = position + Int64(lineEnd - lineStart + 1)
                if position >= skipTo {
                    if oversized {
                        state.add(UsageLineReader.Outcomes(lines: 1, malformed: 1))
                        oversized = false
                    } else {
                        line(bytes, &state)
                    }
                    state.offset = next
                    if state.uncommittedLines >= checkpointLines {
                        try await checkpoint(&state, path: reader.path, audit: false)
                    }
                }
                position = next
                lineStart = lineEnd + 1
            }
            carried = end - lineStart
            if carried >= Self.longestLine {
                // A line this long is no log line: drop what there is, and the rest up to its newline.
                position += Int64(carried)
                carried = 0
                oversized = true
            } else if carried > 0 {
                memmove(block, block + lineStart, carried)
            }
            if let progress { progress(reader.path, state.summary.lines, state.summary.bytes) }
        }
        if carried > 0 { state.carried = Array(UnsafeRawBufferPointer(start: block, count: carried)) }
        if state.uncommittedLines > 0 {
            // A followed file's entry is written when it is first read; later reads of what was appended are not audited
            // one by one.
            try await checkpoint(&state, path: reader.path, audit: !resumed)
        }
        return state
    }

    /// Reads the whole lines of `bytes` in two halves at once, one here and one by `partner` on a thread-pool thread,
    /// and returns how many bytes that was; nil, leaving them to be read line by line, when there is no partner, too
    /// little to share, or a checkpoint falls among them (a checkpoint's place is exact).
    private func readInParallel(_ bytes: UnsafeRawBufferPointer, _ state: inout FileState) async throws -> Int? {
        guard let partner, let base = bytes.baseAddress else { return nil }
        var whole = bytes.count
        while whole > 0, bytes[whole - 1] != 0x0A { whole -= 1 }
        var count: Int64 = 0
        var cursor = base
        while let newline = memchr(cursor, 0x0A, cursor.distance(to: base + whole)) {
            count += 1
            cursor = UnsafeRawPointer(newline) + 1
        }
        guard count >= 2, state.uncommittedLines + count < checkpointLines,
            let middle = memchr(base + whole / 2, 0x0A, whole - whole / 2)
        else { return nil }
        let firstLength = base.distance(to: UnsafeRawPointer(middle)) + 1
        let second = LineBlock(bytes: UnsafeRawBufferPointer(rebasing: bytes[firstLength..<whole]))
        let wanted = max(0, Self.sampleCount - samples.count)
        let theirs = app.threadPool.runIfActive(eventLoop: app.eventLoopGroup.any()) {
            partner.withLockedValue { $0.read(lines: second.bytes, samples: wanted) }
        }
        // Ours is read meanwhile; theirs is awaited before the block is touched again.
        let ours = lines.read(lines: UnsafeRawBufferPointer(rebasing: bytes[0..<firstLength]), samples: wanted)
        for outcomes in [ours, try await theirs.get()] {
            state.add(outcomes)
            samples += outcomes.samples.prefix(Self.sampleCount - samples.count)
        }
        return whole
    }

    /// Learns which file this is from its first line, and where it was counted to.
    private func identify(_ firstLine: UnsafeRawBufferPointer, _ state: inout FileState) async throws {
        let fingerprint = SHA256.hash(data: firstLine).map { String(format: "%02x", $0) }.joined()
        state.fingerprint = fingerprint
        let sql = app.db.sql
        if let row = try await sql.select().columns("offset", "lines", "malformed").from("usage_files")
            .where("source_id", .equal, sourceID).where("fingerprint", .equal, fingerprint).first()
        {
            state.offset = try row.decode(column: "offset", as: Int64.self)
            state.lines = try row.decode(column: "lines", as: Int64.self)
            state.malformed = try row.decode(column: "malformed", as: Int64.self)
        }
    }

    private func line(_ bytes: UnsafeRawBufferPointer, _ state: inout FileState) {
        // The troubleshooting buffer, when the policy keeps one: the line as read, whatever became of it.
        if lines.policy.rawBufferDays > 0 { rawLines.append(String(decoding: bytes.prefix(Self.longestLine), as: UTF8.self)) }
        var outcomes = UsageLineReader.Outcomes()
        let outcome = lines.read(bytes)
        outcomes.add(outcome)
        state.add(outcomes)
        if outcome == .malformed, samples.count < Self.sampleCount {
            samples.append(String(decoding: bytes.prefix(Self.sampleLength), as: UTF8.self))
        }
    }

    static let sampleCount = 5
    static let sampleLength = 300

    /// Stores the tally, the file's place, and the source's counts, samples and open mail messages, in one transaction.
    /// `audit`: the file's audit entry goes with it.
    private func checkpoint(_ state: inout FileState, path: String, audit: Bool) async throws {
        // A syslog stream has no file to remember a place in.
        let fingerprint = state.fingerprint
        if let partner {
            let (theirs, domains) = partner.withLockedValue { ($0.takeTally(), $0.domains.domains) }
            lines.add(theirs, domains: domains)
        }
        let tally = lines.takeTally()
        let pending = String(decoding: try JSONEncoder().encode(lines.correlator.pending), as: UTF8.self)
        let samplesText = String(decoding: try JSONEncoder().encode(samples), as: UTF8.self)
        let (attribution, domains, policy, keys) = (lines.attribution, lines.domains.domains, lines.policy, self.keys)
        let (sourceID, format) = (self.sourceID, self.format)
        let (offset, fileLines, malformed) = (state.offset, state.lines, state.malformed)
        let (newLines, newMalformed) = (state.uncommittedLines, state.uncommittedMalformed)
        let raw = rawLines
        rawLines = []
        let (runLines, runMalformed) = (state.summary.lines, state.summary.malformed)
        let now = app.services.clock.now()
        self.keys = try await app.write(appendsToAuditTrail: audit) { db in
            var writer = UsageTallyWriter(attribution: attribution, domains: domains, keys: keys, policy: policy, now: now)
            try await writer.write(tally, on: db)
            try await BulkInsert.rows(
                into: "usage_raw_lines", columns: ["id", "source_id", "received_at", "line"],
                raw.map { [.uuid(UUID()), .uuid(sourceID), .date(now), .text($0)] }, on: db)
            let sql = db.sql
            if let fingerprint {
                try await sql.insert(into: "usage_files")
                    .columns("id", "source_id", "fingerprint", "path", "offset", "lines", "malformed", "updated_at")
                    .values(
                        SQLBind(UUID()), SQLBind(sourceID), SQLBind(fingerprint), SQLBind(path), SQLBind(offset), SQLBind(fileLines),
                        SQLBind(malformed), SQLBind(now)
                    )
                    .onConflict(with: ["source_id", "fingerprint"]) {
                        $0.set(excludedValueOf: "path").set(excludedValueOf: "offset").set(excludedValueOf: "lines")
                            .set(excludedValueOf: "malformed").set(excludedValueOf: "updated_at")
                    }.run()
            }
            try await sql.update("usage_sources").where("id", .equal, sourceID)
                .set("lines", to: SQLBinaryExpression(SQLColumn("lines"), .add, SQLBind(newLines)))
                .set("malformed", to: SQLBinaryExpression(SQLColumn("malformed"), .add, SQLBind(newMalformed)))
                .set("samples", to: samplesText).set("pending", to: pending).set("last_ingest_at", to: now)
                .set("last_error", to: SQLLiteral.null).run()
            if audit {
                try await AuditLog.append(
                    on: db, actor: .commandLine(), action: "usage.ingest", entityType: "usage_source", entityID: sourceID.uuidString,
                    changes: [
                        "format": AuditChange(before: nil, after: format.rawValue), "file": AuditChange(before: nil, after: path),
                        "lines": AuditChange(before: nil, after: String(runLines)),
                        "malformed": AuditChange(before: nil, after: String(runMalformed)),
                    ], at: now)
            }
            return writer.keys
        }
        state.uncommittedLines = 0
        state.uncommittedMalformed = 0
    }

    /// Reads what a syslog receiver hands over until it stops, storing the counts every second (or every
    /// `checkpointLines` messages). Squid and combined lines are taken from inside the syslog header; Postfix lines are
    /// syslog lines themselves. What arrived after the last checkpoint is lost if the process dies: syslog has no replay
    /// (rsyslog's disk-assisted queues keep what could not be delivered).
    func consume(_ receiver: SyslogReceiver, label: String) async throws -> IngestSummary {
        var state = FileState()
        var lastCheckpoint = ContinuousClock.now
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                receiver.tick()
            }
        }
        defer { ticker.cancel() }
        for await message in receiver.messages {
            if !message.isEmpty {
                message.withUnsafeBytes { bytes in
                    let body = format == .postfix ? nil : SyslogMessage.body(bytes)
                    line(body.map { UnsafeRawBufferPointer(rebasing: bytes[$0]) } ?? bytes, &state)
                }
            }
            if state.uncommittedLines >= checkpointLines
                || (state.uncommittedLines > 0 && ContinuousClock.now - lastCheckpoint >= .seconds(1))
            {
                try await checkpoint(&state, path: label, audit: false)
                lastCheckpoint = ContinuousClock.now
            }
            if Task.isCancelled { break }
        }
        if state.uncommittedLines > 0 { try await checkpoint(&state, path: label, audit: false) }
        return state.summary
    }

    /// Lines for the partner reader to read on another thread. The ingest waits for the partner before it reuses or
    /// frees the buffer, which is why handing over the pointer is safe.
    private struct LineBlock: @unchecked Sendable {
        let bytes: UnsafeRawBufferPointer
    }

    /// Notes on the source that reading it failed, for the sources page.
    func recordFailure(_ message: String) async {
        let (sourceID, now) = (self.sourceID, app.services.clock.now())
        try? await app.write(appendsToAuditTrail: false) { db in
            try await db.sql.update("usage_sources").where("id", .equal, sourceID).set("last_error", to: message)
                .set("last_ingest_at", to: now).run()
        }
    }
}
