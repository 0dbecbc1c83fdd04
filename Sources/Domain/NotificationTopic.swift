/// What a notification is about; a channel subscribes to the topics it wants.
public enum NotificationTopic: String, CaseIterable, Codable, Sendable {
    /// Notice deadlines, contract ends, warranty ends and licence renewals coming up.
    case deadlines
    /// Monitoring: a check's hard problem, its changes and its recovery.
    case alerts
    /// Monitoring: problems nobody acknowledged within the check's escalation delay.
    case escalations

    public var labelKey: String { "notification.topic.\(rawValue)" }
}
