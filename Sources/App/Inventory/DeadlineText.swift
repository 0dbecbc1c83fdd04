import Domain
import Foundation

/// How a deadline is said: on its page, in reminders.
enum DeadlineText {
    /// "today", "in 12 days", "3 days ago".
    static func due(_ daysLeft: Int, language: Language, localizer: Localizer) -> String {
        let count = ["count": localizer.number(abs(daysLeft), language)]
        if daysLeft == 0 { return localizer.text("deadline.today", language) }
        return localizer.text(daysLeft > 0 ? "deadline.in_days" : "deadline.days_ago", language, count)
    }
}
