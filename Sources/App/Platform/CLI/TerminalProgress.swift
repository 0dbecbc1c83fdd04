import ArgumentParser
import Domain
import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Progress for long work: a line rewritten in place on a terminal, nothing when output goes elsewhere.
final class TerminalProgress: Sendable {
    private let label: String
    private let enabled = isatty(STDERR_FILENO) == 1
    private let last = NIOLockedValueBox(ContinuousClock.now - .seconds(1))

    init(label: String) { self.label = label }

    func update(_ done: Int, _ total: Int) {
        guard isDue(force: done == total) else { return }
        let width = 30
        let filled = total == 0 ? width : width * done / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        FileHandle.standardError.write(Data("\r\(bar) \(done)/\(total) \(label)".utf8))
    }

    /// Work whose end is not known beforehand (a log read from a pipe): what has been done so far.
    func show(_ text: @autoclosure () -> String) {
        guard isDue(force: false) else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K\(text()) \(label)".utf8))
    }

    private func isDue(force: Bool) -> Bool {
        guard enabled else { return false }
        let now = ContinuousClock.now
        return last.withLockedValue { previous -> Bool in
            guard now - previous > .milliseconds(100) || force else { return false }
            previous = now
            return true
        }
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }
}
