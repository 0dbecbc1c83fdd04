import LogFormats

// The log parsers' benchmark (issue 6): reads a log file in 1 MiB blocks with read(2), splits lines with memchr and
// parses each with LogFormats (Postfix lines also through the correlator), counting what parsed and what did not. Prints lines, seconds and lines a second.
// Usage: log-bench squid|combined|postfix FILE
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

let arguments = CommandLine.arguments
guard arguments.count == 3, ["squid", "combined", "postfix"].contains(arguments[1]) else {
    print("usage: log-bench squid|combined|postfix FILE")
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

while true {
    let count = read(descriptor, buffer + carried, blockSize)
    guard count > 0 else { break }
    let end = carried + count
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
if carried > 0 {
    if parse(UnsafeRawBufferPointer(start: buffer, count: carried)) { parsed += 1 } else { refused += 1 }
}
var stop = timespec()
clock_gettime(CLOCK_MONOTONIC, &stop)
let seconds = Double(stop.tv_sec - start.tv_sec) + Double(stop.tv_nsec - start.tv_nsec) / 1e9
let lines = parsed + refused
if format == "postfix" { print("postfix: \(messages) messages completed, \(correlator.pending.count) still open") }
print(
    "\(format): \(lines) lines (\(refused) refused), \(bytes) bytes in \(Int(seconds * 1000)) ms: \(Int(Double(lines) / seconds)) lines/s")
