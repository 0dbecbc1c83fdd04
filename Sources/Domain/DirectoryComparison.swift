import Foundation

/// What the directory holds compared with what Quartermaster expects: accounts of people who left that still work,
/// accounts no employee owns, accounts Quartermaster made that are gone, and group members without the access record
/// (or access records whose membership is missing). Only lists; nothing is changed without a person confirming.
public enum DirectoryComparison {
    public struct ExpectedAccount: Sendable, Equatable {
        public var employeeID: UUID
        public var name: String
        public var dn: String
        /// False once the person has left (or the account was disabled on purpose).
        public var shouldBeEnabled: Bool

        public init(employeeID: UUID, name: String, dn: String, shouldBeEnabled: Bool) {
            (self.employeeID, self.name, self.dn, self.shouldBeEnabled) = (employeeID, name, dn, shouldBeEnabled)
        }
    }

    public struct ActualAccount: Sendable, Equatable {
        public var dn: String
        public var enabled: Bool

        public init(dn: String, enabled: Bool) { (self.dn, self.enabled) = (dn, enabled) }
    }

    public struct Account: Sendable, Equatable, Codable {
        public var dn: String
        public var employeeID: UUID?
        public var name: String
    }

    public struct Membership: Sendable, Equatable, Codable {
        public var group: String
        public var dn: String
        public var employeeID: UUID?
        public var name: String
    }

    public struct Drift: Sendable, Equatable, Codable {
        /// Accounts of people who left, or were disabled here, that the directory still lets sign in.
        public var stillEnabled: [Account] = []
        /// Accounts under the users' base that no employee's account is.
        public var withoutEmployee: [Account] = []
        /// Accounts Quartermaster made that the directory no longer has.
        public var missing: [Account] = []
        /// Members of an application's group with no current access record.
        public var unexpectedMembers: [Membership] = []
        /// Current access records whose group membership is not there.
        public var missingMembers: [Membership] = []
        /// Groups named by applications that the directory does not have.
        public var missingGroups: [String] = []

        public init() {}

        /// The differences a queued fix can settle: those about an employee's account.
        public var fixable: Int {
            stillEnabled.filter { $0.employeeID != nil }.count + unexpectedMembers.filter { $0.employeeID != nil }.count
                + missingMembers.filter { $0.employeeID != nil }.count
        }

        public var count: Int {
            stillEnabled.count + withoutEmployee.count + missing.count + unexpectedMembers.count + missingMembers.count
                + missingGroups.count
        }
    }

    /// - Parameters:
    ///   - expectedMembers: per group DN, the account DNs that should be members (people with a current grant).
    ///   - actualMembers: per group DN the directory has, its members; a group missing from it does not exist.
    ///   - normalize: how two spellings of a DN are made comparable.
    public static func compare(
        expected: [ExpectedAccount], actual: [ActualAccount], expectedMembers: [String: [String]], actualMembers: [String: [String]],
        normalize: (String) -> String
    ) -> Drift {
        var drift = Drift()
        let known = Dictionary(expected.map { (normalize($0.dn), $0) }, uniquingKeysWith: { first, _ in first })
        let present = Dictionary(actual.map { (normalize($0.dn), $0) }, uniquingKeysWith: { first, _ in first })
        for account in expected.sorted(by: { $0.name < $1.name }) {
            guard let found = present[normalize(account.dn)] else {
                drift.missing.append(Account(dn: account.dn, employeeID: account.employeeID, name: account.name))
                continue
            }
            if !account.shouldBeEnabled, found.enabled {
                drift.stillEnabled.append(Account(dn: found.dn, employeeID: account.employeeID, name: account.name))
            }
        }
        for account in actual.sorted(by: { $0.dn < $1.dn }) where known[normalize(account.dn)] == nil {
            drift.withoutEmployee.append(Account(dn: account.dn, employeeID: nil, name: ""))
        }
        let actualGroups = Dictionary(actualMembers.map { (normalize($0.key), $0.value) }, uniquingKeysWith: +)
        let accountsBase = Set(actual.map { normalize($0.dn) }).union(known.keys)
        for group in expectedMembers.keys.sorted() {
            guard let members = actualGroups[normalize(group)] else {
                drift.missingGroups.append(group)
                continue
            }
            let have = Set(members.map(normalize))
            let want = Set(expectedMembers[group, default: []].map(normalize))
            for dn in expectedMembers[group, default: []].sorted() where !have.contains(normalize(dn)) {
                let owner = known[normalize(dn)]
                drift.missingMembers.append(Membership(group: group, dn: dn, employeeID: owner?.employeeID, name: owner?.name ?? ""))
            }
            // Only people's accounts count: a group may hold service accounts, other groups or a placeholder member.
            for dn in members.sorted() where !want.contains(normalize(dn)) && accountsBase.contains(normalize(dn)) {
                let owner = known[normalize(dn)]
                drift.unexpectedMembers.append(Membership(group: group, dn: dn, employeeID: owner?.employeeID, name: owner?.name ?? ""))
            }
        }
        return drift
    }
}
