import Domain
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Cuts the byte stream into lines without their CRLF. A line longer than RFC 5321 allows (with generous room) is an
/// error rather than memory without bound.
struct SMTPLineDecoder: ByteToMessageDecoder {
    typealias InboundOut = String
    struct LineTooLong: Error {}

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > 8192 { throw LineTooLong() }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex
        var line = buffer.readString(length: length) ?? ""
        buffer.moveReaderIndex(forwardBy: 1)
        if line.hasSuffix("\r") { line.removeLast() }
        context.fireChannelRead(wrapInboundOut(line))
        return .continue
    }
}
