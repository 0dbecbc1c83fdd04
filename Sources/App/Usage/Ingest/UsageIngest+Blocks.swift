import Crypto
import Domain
import Fluent
import Foundation
import LogFormats
import NIOConcurrencyHelpers
import SQLKit
import UsageCounting
import Vapor

extension UsageIngest {
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
    func read(_ reader: LogReader, resuming state: FileState? = nil) async throws -> FileState {
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
    func readInParallel(_ bytes: UnsafeRawBufferPointer, _ state: inout FileState) async throws -> Int? {
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
    func identify(_ firstLine: UnsafeRawBufferPointer, _ state: inout FileState) async throws {
        let fingerprint = SHA256.hash(data: firstLine).map { String(format: "%02x", $0) }.joined()
        state.fingerprint = fingerprint
        if let place = try await store.place(ofFile: fingerprint, source: sourceID) {
            (state.offset, state.lines, state.malformed) = (place.offset, place.lines, place.malformed)
        }
    }

    func line(_ bytes: UnsafeRawBufferPointer, _ state: inout FileState) {
        // The troubleshooting buffer, when the policy keeps one: the line as read, whatever became of it.
        if lines.policy.rawBufferDays > 0 { rawLines.append(String(decoding: bytes.prefix(Self.longestLine), as: UTF8.self)) }
        var outcomes = UsageLineReader.Outcomes()
        let outcome = lines.read(bytes)
        outcomes.add(outcome)
        state.add(outcomes)
        if outcome == .malformed, samples.count < Self.sampleCount {
            samples.append(String(decoding: bytes.prefix(UsageLineReader.sampleLength), as: UTF8.self))
        }
    }

    /// Lines for the partner reader to read on another thread. The ingest waits for the partner before it reuses or
    /// frees the buffer, which is why handing over the pointer is safe.
    struct LineBlock: @unchecked Sendable {
        let bytes: UnsafeRawBufferPointer
    }
}
