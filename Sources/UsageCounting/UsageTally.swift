import Domain
import Foundation
import LogFormats

/// Usage counted in memory between two checkpoints: per day × subject × domain, per day × subject × hour, and mail per
/// day × subject. Subjects and domains are numbers here (`UsageAttribution`, `DomainBook`); pseudonyms are made only
/// when the tally is stored, once per subject and key period.
package struct UsageTally: Sendable {
    package struct WebDay: TallyKey {
        package let day: Int32
        package let subject: Int32
        package let domain: Int32

        package init(day: Int32, subject: Int32, domain: Int32) {
            (self.day, self.subject, self.domain) = (day, subject, domain)
        }

        package var mixed: UInt64 {
            UInt64(UInt32(bitPattern: day)) << 42 ^ UInt64(UInt32(bitPattern: subject)) << 21 ^ UInt64(UInt32(bitPattern: domain))
        }
    }

    package struct WebHour: TallyKey {
        package let day: Int32
        package let subject: Int32
        package let hour: Int32

        package init(day: Int32, subject: Int32, hour: Int32) {
            (self.day, self.subject, self.hour) = (day, subject, hour)
        }

        package var mixed: UInt64 {
            UInt64(UInt32(bitPattern: day)) << 42 ^ UInt64(UInt32(bitPattern: subject)) << 5 ^ UInt64(UInt32(bitPattern: hour))
        }
    }

    package struct MailDay: TallyKey {
        package let day: Int32
        package let subject: Int32

        package init(day: Int32, subject: Int32) {
            (self.day, self.subject) = (day, subject)
        }

        package var mixed: UInt64 { UInt64(UInt32(bitPattern: day)) << 32 ^ UInt64(UInt32(bitPattern: subject)) }
    }

    package struct WebCounts: Sendable {
        package var requests: Int64 = 0
        package var bytes: Int64 = 0
        package var denied: Int64 = 0

        package init() {}
    }

    package struct MailCounts: Sendable {
        package var sent: Int64 = 0
        package var received: Int64 = 0
        package var sentBytes: Int64 = 0
        package var receivedBytes: Int64 = 0
        package var internalRecipients: Int64 = 0
        package var externalRecipients: Int64 = 0
        package var largestBytes: Int64 = 0
        package var largeMessages: Int64 = 0
        package var largeToFreeMail: Int64 = 0

        package init() {}
    }

    package var webDays = CountTable<WebDay, WebCounts>()
    package var webHours = CountTable<WebHour, WebCounts>()
    package var mailDays = CountTable<MailDay, MailCounts>()

    package init() {}

    package var isEmpty: Bool { webDays.isEmpty && webHours.isEmpty && mailDays.isEmpty }

    /// One proxy request. `domain` is 0 (no domain) when domains are not collected; hours only when they are.
    package mutating func addRequest(day: Int, hour: Int, subject: Int, domain: Int, bytes: Int64, denied: Bool, hours: Bool) {
        webDays.update(WebDay(day: Int32(day), subject: Int32(subject), domain: Int32(domain)), default: WebCounts()) {
            $0.add(bytes: bytes, denied: denied)
        }
        if hours {
            webHours.update(WebHour(day: Int32(day), subject: Int32(subject), hour: Int32(hour)), default: WebCounts()) {
                $0.add(bytes: bytes, denied: denied)
            }
        }
    }

    package mutating func addMail(day: Int, subject: Int, _ change: (inout MailCounts) -> Void) {
        mailDays.update(MailDay(day: Int32(day), subject: Int32(subject)), default: MailCounts(), change)
    }

    /// Adds another tally's counts; its domain numbers become `domains[number]` in this one.
    package mutating func add(_ other: UsageTally, domains: [Int]) {
        for (key, counts) in other.webDays.entries {
            webDays.update(WebDay(day: key.day, subject: key.subject, domain: Int32(domains[Int(key.domain)])), default: WebCounts()) {
                $0.add(counts)
            }
        }
        for (key, counts) in other.webHours.entries {
            webHours.update(key, default: WebCounts()) { $0.add(counts) }
        }
        for (key, counts) in other.mailDays.entries {
            mailDays.update(key, default: MailCounts()) { $0.add(counts) }
        }
    }
}

extension UsageTally.WebCounts {
    package mutating func add(bytes: Int64, denied: Bool) {
        requests += 1
        self.bytes += max(0, bytes)
        if denied { self.denied += 1 }
    }

    package mutating func add(_ other: Self) {
        requests += other.requests
        bytes += other.bytes
        denied += other.denied
    }
}

extension UsageTally.MailCounts {
    package mutating func add(_ other: Self) {
        sent += other.sent
        received += other.received
        sentBytes += other.sentBytes
        receivedBytes += other.receivedBytes
        internalRecipients += other.internalRecipients
        externalRecipients += other.externalRecipients
        largestBytes = max(largestBytes, other.largestBytes)
        largeMessages += other.largeMessages
        largeToFreeMail += other.largeToFreeMail
    }
}
