/// A message as the mail report counts it, put together from its log lines by queue ID: who sent it, how large it
/// was, and what became of each recipient. Subjects are never in the log lines read, so never here.
public struct MailMessage: Sendable, Equatable, Codable {
    public struct Recipient: Sendable, Equatable, Codable {
        public var address: String
        /// The address it was sent to before an alias rewrote it.
        public var original: String?
        /// The latest status: a deferred recipient that is sent later counts as sent.
        public var status: PostfixLine.DeliveryStatus
    }

    public var instance: String
    public var queueID: String
    /// When it entered the queue (its first line).
    public var time: SyslogTime
    /// Empty for the null sender (bounces).
    public var sender: String?
    public var size: Int64?
    public var recipients: [Recipient] = []
    /// It stayed past the queue's lifetime and went back to its sender.
    public var expired = false
    /// The queue ID it had before `postsuper -r` requeued it: the message was counted as sent under that one, and only
    /// its further deliveries count here.
    public var requeuedFrom: String? = nil
}
