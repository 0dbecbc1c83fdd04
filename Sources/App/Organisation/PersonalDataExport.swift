import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Everything Quartermaster holds about the signed-in person (GDPR Art. 15): later capabilities add their part here.
struct PersonalDataExport: Content {
    struct Account: Content {
        let email: String
        let name: String
        let role: String
        let language: String?
        let createdAt: Date
        let lastSignInAt: Date?
        /// The display choices: time zone, rows per page, colour scheme.
        let timeZone: String?
        let pageSize: Int?
        let colourScheme: String?
        /// The columns chosen per list, as stored: `hardware=tag,name;employees=number,name`.
        let listColumns: String?
    }

    struct Session: Content {
        let createdAt: Date
        let lastSeenAt: Date
        let clientAddress: String?
        let userAgent: String?
    }

    struct SignInAttempt: Content {
        let occurredAt: Date
        let clientAddress: String
        let succeeded: Bool
    }

    struct Activity: Content {
        let occurredAt: Date
        let action: String
        let entityType: String?
        let entityId: String?
    }

    /// A device the person holds, and when they confirmed receiving it.
    struct Equipment: Content {
        let tag: String
        let name: String
        let model: String
        let type: String
        let serial: String?
        let assignedAt: Date?
        let receiptConfirmedAt: Date?
    }

    /// Access to one of the company's applications: given when, by whom and how; taken away when, by whom and why.
    struct Access: Content {
        let application: String
        let method: String
        let byDefault: Bool
        let grantedAt: Date
        let grantedBy: String
        let note: String
        let revokedAt: Date?
        let revokedBy: String?
        let revokeNote: String?
    }

    /// The person's account in the company's directory, as Quartermaster made it.
    struct DirectoryAccountData: Content {
        let username: String
        let dn: String
        let status: String
        let createdAt: Date
        let disabledAt: Date?
        /// When the initial password was shown (once) to the person who handed it over, and who that was.
        let passwordShownAt: Date?
        let passwordShownBy: String?
    }

    /// A decision in an access review about the person's access to one application.
    struct ReviewDecision: Content {
        let review: String
        let application: String
        let decision: String
        let decidedAt: Date?
        let decidedBy: String?
        let note: String
    }

    let generatedAt: Date
    let account: Account
    let employee: EmployeeDTO?
    /// The equipment the person holds, with their receipt confirmations.
    let equipment: [Equipment]
    /// Access to the company's applications, current and taken away.
    let access: [Access]
    let directoryAccount: DirectoryAccountData?
    /// What access reviews decided about the person's access.
    let accessReviews: [ReviewDecision]
    /// Internet and mail use counted under the person's pseudonyms, and any finding re-identified as theirs.
    let usage: UsageOwnData.MineDTO?
    let apiTokens: [TokenDTO]
    let sessions: [Session]
    let signInAttempts: [SignInAttempt]
    /// What the person did, from the audit trail (newest first, at most 1,000 entries).
    let activity: [Activity]
    /// Audit entries about the person's own records.
    let changesToMyRecords: [Activity]
}
