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
    /// Reads what a syslog receiver hands over until it stops, storing the counts every second (or every
    /// `checkpointLines` messages). Squid and combined lines are taken from inside the syslog header; Postfix lines are
    /// syslog lines themselves. What arrived after the last checkpoint is lost if the process dies: syslog has no replay
    /// (rsyslog's disk-assisted queues keep what could not be delivered). The usage revision moves on at most every
    /// `revisionInterval` and at the last checkpoint: a report over weeks need not be computed afresh every second, so
    /// one read while the stream flows is at most that far behind.
    func consume(_ receiver: SyslogReceiver, label: String) async throws -> IngestSummary {
        var state = FileState()
        var lastCheckpoint = ContinuousClock.now
        var lastRevision: ContinuousClock.Instant?
        /// Checkpoints were stored since the revision last moved.
        var unannounced = false
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
            let revisionDue = lastRevision.map { ContinuousClock.now - $0 >= Self.revisionInterval } ?? true
            if state.uncommittedLines >= checkpointLines
                || (state.uncommittedLines > 0 && ContinuousClock.now - lastCheckpoint >= .seconds(1))
            {
                try await checkpoint(&state, path: label, audit: false, movesRevision: revisionDue)
                lastCheckpoint = ContinuousClock.now
                if revisionDue { (lastRevision, unannounced) = (lastCheckpoint, false) } else { unannounced = true }
            } else if unannounced, revisionDue {
                // The stream went quiet after checkpoints that did not move the revision: move it now.
                try await store.moveRevision()
                (lastRevision, unannounced) = (ContinuousClock.now, false)
            }
            if Task.isCancelled { break }
        }
        if state.uncommittedLines > 0 {
            try await checkpoint(&state, path: label, audit: false)
        } else if unannounced {
            try await store.moveRevision()
        }
        return state.summary
    }

    static let revisionInterval = Duration.seconds(60)
}
