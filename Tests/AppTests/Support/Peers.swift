import Foundation
import Testing

/// A real server the tests talk to — an SMTP server or a webhook receiver from Tests/Peers — run as a child process
/// that writes what it received into a directory of JSON files.
final class Peer: Sendable {
    let port: Int
    let directory: URL
    private let process: Process

    private init(port: Int, directory: URL, process: Process) {
        (self.port, self.directory, self.process) = (port, directory, process)
    }

    /// Starts `Tests/Peers/<script>` with `arguments` and waits for its "PORT n" line.
    static func start(_ script: String, _ arguments: [String] = []) async throws -> Peer {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qm-peer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Peers")
        let process = Process()
        // Debian's interpreter, which has python3-aiosmtpd; not whichever python3 comes first on the PATH.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [scripts.appendingPathComponent(script).path, "--dir", directory.path] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let line = await Task.detached { () -> String in
            var data = Data()
            while !data.contains(UInt8(ascii: "\n")) {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                data.append(chunk)
            }
            return String(decoding: data, as: UTF8.self)
        }.value
        guard line.hasPrefix("PORT "), let port = Int(line.dropFirst(5).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            kill(process.processIdentifier, SIGKILL)
            throw PeerFailure(script: script, output: line)
        }
        return Peer(port: port, directory: directory, process: process)
    }

    struct PeerFailure: Error, CustomStringConvertible {
        let script: String
        let output: String
        var description: String { "\(script) did not start: \(output)" }
    }

    /// What arrived so far, in order.
    func received() throws -> [[String: Any]] {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }.sorted()
        return try files.map {
            try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent($0))) as? [String: Any] ?? [:]
        }
    }

    /// Kills the peer outright: it keeps nothing worth a graceful stop, and a child of the test process may have
    /// SIGTERM blocked.
    func stop() {
        // A peer that runs a server of its own (dnsmasq, snmpd) leads a process group: the group goes with it.
        kill(-process.processIdentifier, SIGKILL)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs `body` with a started peer and always stops it.
    static func with<T>(_ script: String, _ arguments: [String] = [], _ body: (Peer) async throws -> T) async throws -> T {
        let peer = try await start(script, arguments)
        defer { peer.stop() }
        return try await body(peer)
    }
}
