import Domain
import Foundation
import LogFormats
import UsageCounting

// The log parsers' benchmark (issue 6): reads a log file in 1 MiB blocks with read(2), splits lines with memchr and
// parses each with LogFormats (Postfix lines also through the correlator), counting what parsed and what did not. Prints lines, seconds and lines a second.
// With `count`, each block goes through UsageCounting's reader instead, as the ingest's does: parse, attribute (to
// nobody: there are no records here, so every line is an unknown subject), work out the domain and add to the tally,
// with every report type switched on — the ingest's hot loop without its database (issue 19).
// Usage: log-bench [count] squid|combined|postfix FILE [PUBLIC_SUFFIX_LIST]
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

var arguments = CommandLine.arguments
let counting = arguments.count > 1 && arguments[1] == "count"
if counting { arguments.remove(at: 1) }
guard (3...4).contains(arguments.count), ["squid", "combined", "postfix"].contains(arguments[1]) else {
    print("usage: log-bench [count] squid|combined|postfix FILE [PUBLIC_SUFFIX_LIST]")
    exit(2)
}
let format = arguments[1]
let descriptor = open(arguments[2], O_RDONLY)
guard descriptor >= 0 else {
    print("cannot open \(arguments[2])")
    exit(1)
}
let blockSize = 1 << 20
let buffer = UnsafeMutableRawPointer.allocate(byteCount: blockSize * 2, alignment: 16)
var carried = 0
var parsed = 0
var refused = 0
var bytes: Int64 = 0
var start = timespec()
clock_gettime(CLOCK_MONOTONIC, &start)

// Postfix lines also go through the correlator, which counts messages as they complete.
var correlator = MailCorrelator()
var messages = 0

@MainActor func parse(_ line: UnsafeRawBufferPointer) -> Bool {
    switch format {
    case "squid": return SquidLog.parse(line) != nil
    case "combined": return CombinedLog.parse(line) != nil
    default:
        guard let parsed = PostfixLog.parse(line) else { return false }
        if correlator.add(parsed, in: line) != nil { messages += 1 }
        return true
    }
}

// The counting reader, when asked for: the Public Suffix List Debian's publicsuffix package installs, or the one given.
let suffixPath = arguments.count == 4 ? arguments[3] : "/usr/share/publicsuffix/public_suffix_list.dat"
var reader: UsageLineReader? =
    counting
    ? UsageLineReader(
        format: UsageLogFormat(rawValue: format)!,
        policy: UsagePolicy(switches: UsageSwitches(web: true, webDomains: true, webHours: true, mail: true), retentionDays: 396),
        attribution: {
            var nobody = UsageAttribution()
            nobody.finish()
            return nobody
        }(), suffixes: PublicSuffixList(text: (try? String(contentsOfFile: suffixPath, encoding: .utf8)) ?? ""),
        timeZone: TimeZone(identifier: "Europe/Tallinn")!, oldestDay: 0) : nil
var tallied = 0

while true {
    let count = read(descriptor, buffer + carried, blockSize)
    guard count > 0 else { break }
    let end = carried + count
    if reader != nil {
        // Whole lines only, as the ingest hands its reader; the rest waits for the next block.
        let whole = (0..<end).last { buffer.load(fromByteOffset: $0, as: UInt8.self) == 0x0A }.map { $0 + 1 } ?? 0
        let outcomes = reader!.read(lines: UnsafeRawBufferPointer(start: buffer, count: whole), samples: 0)
        parsed += Int(outcomes.lines - outcomes.malformed)
        refused += Int(outcomes.malformed)
        carried = end - whole
        if carried > 0 { memmove(buffer, buffer + whole, carried) }
        bytes += Int64(count)
        continue
    }
    var lineStart = 0
    while lineStart < end, let newline = memchr(buffer + lineStart, 0x0A, end - lineStart) {
        let lineEnd = buffer.distance(to: newline)
        if parse(UnsafeRawBufferPointer(start: buffer + lineStart, count: lineEnd - lineStart)) { parsed += 1 } else { refused += 1 }
        lineStart = lineEnd + 1
    }
    carried = end - lineStart
    if carried > 0 { memmove(buffer, buffer + lineStart, carried) }
    bytes += Int64(count)
}
if carried > 0, reader == nil {
    if parse(UnsafeRawBufferPointer(start: buffer, count: carried)) { parsed += 1 } else { refused += 1 }
}
if reader != nil { tallied = reader!.takeTally().webDays.count }
var stop = timespec()
clock_gettime(CLOCK_MONOTONIC, &stop)
let seconds = Double(stop.tv_sec - start.tv_sec) + Double(stop.tv_nsec - start.tv_nsec) / 1e9
let lines = parsed + refused
if counting { print("count: \(tallied) day × subject × domain rows tallied") }
if format == "postfix", !counting { print("postfix: \(messages) messages completed, \(correlator.pending.count) still open") }
print(
    "\(format): \(lines) lines (\(refused) refused), \(bytes) bytes in \(Int(seconds * 1000)) ms: \(Int(Double(lines) / seconds)) lines/s")
