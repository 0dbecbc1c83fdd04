/// Follows messages through a Postfix log, line by line in the log's order. A message is complete when `qmgr` removes
/// it from the queue. Short queue IDs repeat over time, so an ID that is accepted again while still open closes the
/// earlier message first (its removal line was lost). IDs are kept per Postfix instance (`postfix`, `postfix-out`).
public struct MailCorrelator: Sendable {
    private struct Key: Hashable, Sendable {
        let instance: String
        let queueID: String
    }

    private var open: [Key: MailMessage] = [:]
    /// Messages a line completed besides the one `add` returned (a line may complete two: a requeued message's old ID,
    /// and an earlier message under a reused ID).
    public private(set) var spilled: [MailMessage] = []

    public init() {}

    /// Messages begun and not yet removed: what a checkpoint must keep to resume a log mid-way.
    public var pending: [MailMessage] { Array(open.values) }

    /// Hands over the messages `spilled` holds.
    public mutating func takeSpilled() -> [MailMessage] {
        defer { spilled = [] }
        return spilled
    }

    /// Closes messages begun before `milliseconds` whose removal was never logged (a log cut short, a queue file
    /// deleted by hand): Postfix keeps no message longer than its queue lifetime (5 days by default), so a reader closes
    /// one older than a week as it stands.
    public mutating func closeStale(before milliseconds: Int64) -> [MailMessage] {
        var closed: [MailMessage] = []
        for (key, message) in open {
            if case .instant(let time) = message.time, time < milliseconds {
                closed.append(message)
                open[key] = nil
            }
        }
        return closed.sorted { $0.queueID < $1.queueID }
    }

    /// Takes back the messages a checkpoint kept.
    public mutating func resume(_ messages: [MailMessage]) {
        for message in messages { open[Key(instance: message.instance, queueID: message.queueID)] = message }
    }

    /// Reads one parsed line (`bytes` is the line it was parsed from); returns a message this line completes.
    public mutating func add(_ line: PostfixLine, in bytes: UnsafeRawBufferPointer) -> MailMessage? {
        guard let id = line.queueID else { return nil }
        let key = Key(instance: LogText.string(bytes, line.instance), queueID: LogText.string(bytes, id))
        func address() -> String { line.address.map { LogText.string(bytes, $0) } ?? "" }
        // The message the line is about: open already, or begun by this line.
        var current: MailMessage { open[key] ?? MailMessage(instance: key.instance, queueID: key.queueID, time: line.time) }
        var completed: MailMessage?
        switch line.event {
        case .accepted:
            if isFresh(line, bytes), let earlier = open.removeValue(forKey: key) { completed = earlier }
            var message = current
            if line.address != nil { message.sender = address() }
            if let requeued = line.requeuedFrom {
                // The old ID's message ends here; it has no `removed` line.
                let old = LogText.string(bytes, requeued)
                message.requeuedFrom = old
                if let earlier = open.removeValue(forKey: Key(instance: key.instance, queueID: old)) {
                    if completed == nil { completed = earlier } else { spilled.append(earlier) }
                }
            }
            open[key] = message
        case .queued(let size, _):
            var message = current
            (message.sender, message.size) = (address(), size)
            open[key] = message
        case .delivery(let status):
            var message = current
            let to = address()
            let original = line.originalRecipient.map { LogText.string(bytes, $0) }
            if let index = message.recipients.firstIndex(where: { $0.address == to && $0.original == original }) {
                message.recipients[index].status = status
            } else {
                message.recipients.append(MailMessage.Recipient(address: to, original: original, status: status))
            }
            open[key] = message
        case .expired:
            open[key]?.expired = true
        case .removed:
            completed = open.removeValue(forKey: key)
        case .rejected, .other:
            break
        }
        return completed
    }

    /// A line that starts a message: `smtpd`'s `client=` or `pickup`'s `uid=`, not `cleanup`'s `message-id=` for it.
    private func isFresh(_ line: PostfixLine, _ bytes: UnsafeRawBufferPointer) -> Bool {
        Bytes.equals(bytes, line.service, "smtpd") || Bytes.equals(bytes, line.service, "pickup")
    }
}
