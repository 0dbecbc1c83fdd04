import Crypto
import Domain
import Fluent
import Foundation
import LogFormats
import NIOConcurrencyHelpers
import SQLKit
import UsageCounting
import Vapor

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
