/// One line of a Postfix mail log, as syslog writes it: time, host, `postfix/<service>[pid]:` (or a second
/// instance's `postfix-out/<service>`), and the message, which mostly starts with a queue ID. Only what the mail
/// report needs is read: who sent and received (addresses, never subjects), sizes, delivery status, rejections.
public struct PostfixLine: Sendable, Equatable {
    public enum Event: Sendable, Equatable {
        /// `cleanup`/`pickup`/`smtpd`: a message got its queue ID (`client=…`, `uid=… from=<…>`, `message-id=…`).
        case accepted
        /// `qmgr`: `from=<…>, size=N, nrcpt=N (queue active)`: the sender and size.
        case queued(size: Int64, recipients: Int)
        /// `smtp`/`lmtp`/`local`/`virtual`/`error`: `to=<…>, … status=sent|deferred|bounced|expired`.
        case delivery(DeliveryStatus)
        /// `qmgr`: `removed`: the message left the queue.
        case removed
        /// `qmgr`: `from=<…>, status=expired, returned to sender`: it stayed past the queue's lifetime undelivered.
        case expired
        /// `smtpd`/`cleanup`: `NOQUEUE: reject: …` or `<id>: reject: …` / `milter-reject`.
        case rejected
        /// Anything else Postfix says (warnings, connects, statistics).
        case other
    }

    public enum DeliveryStatus: Sendable, Equatable, Codable {
        case sent, deferred, bounced, expired
    }

    public var time: SyslogTime
    public var host: Range<Int>
    /// `postfix`, or a second instance's name (`postfix-out`).
    public var instance: Range<Int>
    /// `smtpd`, `qmgr`, `smtp`, …
    public var service: Range<Int>
    /// Nil for `NOQUEUE` and for lines without one.
    public var queueID: Range<Int>?
    public var event: Event
    /// `from=<…>` or `to=<…>` (inside the angle brackets; empty for the null sender `<>`).
    public var address: Range<Int>?
    /// A delivery's `orig_to=<…>` where an alias rewrote it.
    public var originalRecipient: Range<Int>?
    /// `pickup`'s `orig_id=…` when `postsuper -r` put a message back in the queue under this new ID.
    public var requeuedFrom: Range<Int>? = nil
}
