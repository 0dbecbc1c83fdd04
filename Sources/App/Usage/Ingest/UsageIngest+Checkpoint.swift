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
    /// Stores the tally, the file's place, and the source's counts, samples and open mail messages, in one transaction.
    /// `audit`: the file's audit entry goes with it. `movesRevision`: the usage revision moves on with it, so reports
    /// kept by the server are computed afresh (see `UsageRevision`); a live syslog stream moves it less often.
    func checkpoint(_ state: inout FileState, path: String, audit: Bool, movesRevision: Bool = true) async throws {
        // A syslog stream has no file to remember a place in.
        let fingerprint = state.fingerprint
        if let partner {
            let (theirs, domains) = partner.withLockedValue { ($0.takeTally(), $0.domains.domains) }
            lines.add(theirs, domains: domains)
        }
        // The tally first: taking it closes the mail messages open too long, which then are no longer pending.
        let tally = lines.takeTally()
        let checkpoint = UsageSourceStore.Checkpoint(
            sourceID: sourceID, format: format, path: path, fingerprint: fingerprint,
            place: .init(offset: state.offset, lines: state.lines, malformed: state.malformed), newLines: state.uncommittedLines,
            newMalformed: state.uncommittedMalformed, samples: samples, pending: lines.correlator.pending, tally: tally,
            attribution: lines.attribution, domains: lines.domains.domains, policy: lines.policy, rawLines: rawLines,
            audit: audit ? (state.summary.lines, state.summary.malformed) : nil, movesRevision: movesRevision)
        rawLines = []
        keys = try await store.store(checkpoint, keys: keys)
        state.uncommittedLines = 0
        state.uncommittedMalformed = 0
    }
}
