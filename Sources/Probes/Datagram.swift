import NIOCore
import NIOPosix

/// One UDP request and its answer, as DNS and SNMP exchange them: `request` goes to `address` up to `attempts` times,
/// `timeout` apart (UDP loses packets), and the first datagram from that address that `accept` takes is the answer.
/// Anything else that arrives (an answer to another question, bytes that are not the protocol) is ignored. Nil when
/// no answer came in `timeout × attempts`.
func exchangeDatagram<Answer: Sendable>(
    on group: any EventLoopGroup, to address: SocketAddress, request: [UInt8], timeout: Duration, attempts: Int = 1,
    accept: @escaping @Sendable ([UInt8]) -> Answer?
) async throws -> Answer? {
    let channel = try await DatagramBootstrap(group: group)
        .bind(host: address.protocol == .inet6 ? "::" : "0.0.0.0", port: 0) { channel in
            channel.eventLoop.makeCompletedFuture {
                try NIOAsyncChannel<AddressedEnvelope<ByteBuffer>, AddressedEnvelope<ByteBuffer>>(wrappingChannelSynchronously: channel)
            }
        }
    let tries = max(1, attempts)
    // The exchange's deadline: closing the channel ends the read that is waiting.
    let watchdog = Task { [channel] in
        try await Task.sleep(for: timeout * tries)
        try? await channel.channel.close()
    }
    defer { watchdog.cancel() }
    var answer: Answer?
    try? await channel.executeThenClose { inbound, outbound in
        let sender = Task {
            for _ in 0..<tries {
                try await outbound.write(AddressedEnvelope(remoteAddress: address, data: ByteBuffer(bytes: request)))
                try await Task.sleep(for: timeout)
            }
        }
        defer { sender.cancel() }
        for try await envelope in inbound where envelope.remoteAddress == address {
            if let accepted = accept(Array(buffer: envelope.data)) {
                answer = accepted
                break
            }
        }
    }
    return answer
}
