import Testing

@testable import Domain

@Suite("Permission table")
struct PermissionTableTests {
    let table = PermissionTable.standard

    @Test("An administrator may perform every action")
    func administratorMayDoEverything() {
        for action in Action.allCases { #expect(table.allows(.administrator, action)) }
    }

    @Test("Every role may use its own workspace and tokens")
    func everyRoleHasAWorkspace() {
        for role in Role.allCases {
            #expect(table.allows(role, .useWorkspace))
            #expect(table.allows(role, .manageOwnTokens))
        }
    }

    @Test("Only administrators manage accounts and organisation settings")
    func onlyAdministratorsManage() {
        #expect(table.roles(allowedTo: .manageUsers) == [.administrator])
        #expect(table.roles(allowedTo: .manageOrganisation) == [.administrator])
    }

    @Test("The audit trail is for administrators and the people officer only")
    func auditIsRestricted() {
        #expect(Set(table.roles(allowedTo: .readAudit)) == [.administrator, .peopleOfficer])
        #expect(!table.allows(.employee, .readAudit))
        #expect(!table.allows(.itManager, .readAudit))
    }

    @Test("Employees do not browse the directory; the people officer manages people but not the structure")
    func peopleRights() {
        #expect(!table.allows(.employee, .readPeople))
        #expect(table.allows(.technician, .readPeople) && !table.allows(.technician, .managePeople))
        #expect(table.allows(.peopleOfficer, .managePeople) && !table.allows(.peopleOfficer, .manageStructure))
    }

    @Test("Technicians and IT managers keep the network and inventory records; executives, people officers and employees do not")
    func inventoryRights() {
        for action in [Action.readInventory, .manageInventory] {
            #expect(Set(table.roles(allowedTo: action)) == [.administrator, .itManager, .seniorITManager, .technician])
        }
        // Executives read the reports that feed budgets, not the records behind them.
        #expect(
            Set(table.roles(allowedTo: .readInventoryReports)) == [.administrator, .itManager, .seniorITManager, .technician, .executive])
    }

    @Test("Every action but the workspace ones is denied to at least one role")
    func everyGuardedActionDeniesSomebody() {
        for action in Action.allCases where ![.useWorkspace, .manageOwnTokens, .readOrganisation].contains(action) {
            #expect(table.roles(allowedTo: action).count < Role.allCases.count, "\(action) is open to every role")
        }
    }
}

@Suite("Password policy")
struct PasswordPolicyTests {
    let policy = PasswordPolicy(commonPasswords: ["password1234", "Qwertyuiop12"])

    @Test("A password under 12 characters is refused")
    func tooShort() {
        #expect(policy.check("elevenchars")?.code == .passwordTooShort)
        #expect(policy.check("twelve chars") == nil)
    }

    @Test("A password on the common list is refused whatever its case")
    func common() {
        #expect(policy.check("PASSWORD1234")?.code == .passwordCommon)
        #expect(policy.check("qwertyuiop12")?.code == .passwordCommon)
    }

    @Test("Length counts characters, not bytes")
    func unicodeLength() {
        #expect(policy.check("ööööööööööö")?.code == .passwordTooShort)  // 11 characters, 22 bytes
        #expect(policy.check("õõõõõõõõõõõõ") == nil)
    }
}

@Suite("Field validation")
struct ValidateTests {
    @Test("Ordinary addresses pass", arguments: ["anna@example.com", "j.doe+it@firma.de", "mari.maasikas@ettevote.ee"])
    func valid(_ address: String) {
        #expect(Validate.email(address) == nil)
    }

    @Test(
        "Broken addresses are refused",
        arguments: ["", "plain", "a@b", "@example.com", "a@@example.com", "a b@example.com", "a@example..com", "a@.example.com"])
    func invalid(_ address: String) {
        #expect(Validate.email(address) != nil)
    }

    @Test("E-mail addresses are normalised to lower case without spaces")
    func normalised() {
        #expect("  Anna@Example.COM ".normalisedEmail == "anna@example.com")
    }
}

@Suite("List queries")
struct ListQueryTests {
    @Test("Defaults are 50 items from the start, sorted by the default field")
    func defaults() throws {
        let query = try ListQuery.parse(limit: nil, offset: nil, sort: nil, allowedSorts: ["name"], defaultSort: "name").get()
        #expect(query == ListQuery(limit: 50, offset: 0, sortField: "name", descending: false))
    }

    @Test("A leading minus sorts descending")
    func descending() throws {
        let query = try ListQuery.parse(limit: 10, offset: 20, sort: "-email", allowedSorts: ["name", "email"], defaultSort: "name").get()
        #expect(query.sortField == "email" && query.descending && query.offset == 20)
    }

    @Test("Every bad parameter is reported at once")
    func allErrors() {
        let result = ListQuery.parse(limit: 501, offset: -1, sort: "password", allowedSorts: ["name"], defaultSort: "name")
        guard case .failure(let failure) = result else {
            Issue.record("expected a failure")
            return
        }
        #expect(Set(failure.errors.map(\.field)) == ["limit", "offset", "sort"])
    }

    @Test("The largest and smallest integers are refused as offset and limit, so no pager arithmetic can overflow")
    func extremes() {
        for value in [Int.max, Int.min, ListQuery.maximumOffset + 1] {
            let result = ListQuery.parse(limit: value, offset: value, sort: nil, allowedSorts: ["name"], defaultSort: "name")
            guard case .failure(let failure) = result else {
                Issue.record("\(value) was accepted")
                continue
            }
            #expect(Set(failure.errors.map(\.field)) == ["limit", "offset"])
        }
        let furthest = ListQuery.parse(limit: 500, offset: ListQuery.maximumOffset, sort: nil, allowedSorts: ["name"], defaultSort: "name")
        #expect((try? furthest.get())?.offset == ListQuery.maximumOffset)
    }
}
