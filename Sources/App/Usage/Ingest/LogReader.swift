import CZlib
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A log read as a stream of bytes: a plain file, a gzip file (told by its first two bytes, not its name, as logrotate
/// and people name them differently), or standard input (`-`), which may be either. Concatenated gzip members, as
/// `cat a.gz b.gz` makes, are read one after another. Not thread-safe: one ingest reads it.
final class LogReader {
    enum Failure: Error, Equatable {
        case cannotOpen(String, Int32)
        case cannotRead(String, Int32)
        case damagedGzip(String)
    }

    let path: String
    private let descriptor: Int32
    private var compressed = false
    private var stream = z_stream()
    private let input = UnsafeMutableRawPointer.allocate(byteCount: 1 << 16, alignment: 16)
    private var inputStart = 0
    private var inputEnd = 0
    private var endOfInput = false
    private var streamEnded = false

    init(path: String) throws {
        self.path = path
        if path == "-" {
            descriptor = STDIN_FILENO
        } else {
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw Failure.cannotOpen(path, errno) }
        }
        try fill()
        if inputEnd - inputStart >= 2, input.load(as: UInt8.self) == 0x1F, input.load(fromByteOffset: 1, as: UInt8.self) == 0x8B {
            compressed = true
            // 15 + 32: the largest window, and a gzip or zlib header recognised automatically.
            guard czlib_inflate_init2(&stream, 15 + 32) == Z_OK else { throw Failure.damagedGzip(path) }
        }
    }

    deinit {
        if compressed { inflateEnd(&stream) }
        if descriptor != STDIN_FILENO { close(descriptor) }
        input.deallocate()
    }

    var isCompressed: Bool { compressed }

    /// The file's device and inode, to notice when a followed path is replaced by a new file.
    var identity: (device: UInt64, inode: UInt64)? {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        return (UInt64(info.st_dev), UInt64(info.st_ino))
    }

    /// The file's last change, from which yearless syslog times take their year; now for standard input.
    var modified: Date {
        var info = stat()
        guard descriptor != STDIN_FILENO, fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return Date() }
        return Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
    }

    /// Reads up to `count` uncompressed bytes into `buffer`; 0 at the end (of what is written so far, for a followed file).
    func read(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int {
        compressed ? try inflate(into: buffer, count: count) : try copy(into: buffer, count: count)
    }

    private func copy(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int {
        if inputEnd > inputStart {
            let taken = min(count, inputEnd - inputStart)
            buffer.copyMemory(from: input + inputStart, byteCount: taken)
            inputStart += taken
            return taken
        }
        while true {
            let got = Glibc.read(descriptor, buffer, count)
            if got >= 0 { return got }
            if errno != EINTR { throw Failure.cannotRead(path, errno) }
        }
    }

    private func inflate(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int {
        var produced = 0
        while produced == 0 {
            if inputStart == inputEnd {
                if !endOfInput { try fill() }
                // A file cut short ends inside a member.
                if inputStart == inputEnd { return streamEnded ? 0 : try damaged() }
            }
            if streamEnded {
                // Another gzip member follows the one that ended.
                guard inflateReset(&stream) == Z_OK else { throw Failure.damagedGzip(path) }
                streamEnded = false
            }
            stream.next_in = (input + inputStart).assumingMemoryBound(to: Bytef.self)
            stream.avail_in = UInt32(inputEnd - inputStart)
            stream.next_out = buffer.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = UInt32(count)
            let status = CZlib.inflate(&stream, Z_NO_FLUSH)
            inputStart = inputEnd - Int(stream.avail_in)
            produced = count - Int(stream.avail_out)
            switch status {
            case Z_STREAM_END: streamEnded = true
            case Z_OK, Z_BUF_ERROR: break
            default: throw Failure.damagedGzip(path)
            }
        }
        return produced
    }

    private func damaged() throws -> Int { throw Failure.damagedGzip(path) }

    private func fill() throws {
        inputStart = 0
        inputEnd = 0
        while true {
            let got = Glibc.read(descriptor, input, 1 << 16)
            if got > 0 {
                inputEnd = got
                return
            }
            if got == 0 {
                endOfInput = true
                return
            }
            if errno != EINTR { throw Failure.cannotRead(path, errno) }
        }
    }
}
