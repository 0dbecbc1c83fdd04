import Domain
import Foundation
import Testing

@Suite("Bulk changes and chosen columns, as rules")
struct ListToolsDomainTests {
    let one = UUID(uuidString: "00000000-0000-0000-0000-000000000001")!
    let two = UUID(uuidString: "00000000-0000-0000-0000-000000000002")!

    @Test("A bulk change names its action, its assets with their versions, and what the action needs")
    func bulkParsing() throws {
        let assign = try BulkAssetChange.parse(
            action: "assign", selected: [two.uuidString: "3", one.uuidString: "1"], status: "", employeeNumber: " E7 ", reason: ""
        ).get()
        #expect(assign.assets == [.init(id: one, version: 1), .init(id: two, version: 3)])
        #expect(assign.employeeNumber == "E7" && assign.targetStatus == .deployed)
        #expect(
            try BulkAssetChange.parse(action: "check_in", selected: [one.uuidString: "1"], status: "", employeeNumber: "", reason: "").get()
                .targetStatus == .inStock)
        func fields(_ action: String, _ selected: [String: String], status: String = "", employee: String = "") -> [String] {
            guard
                case .failure(let failure) = BulkAssetChange.parse(
                    action: action, selected: selected, status: status, employeeNumber: employee, reason: "")
            else { return [] }
            return failure.errors.map(\.field)
        }
        #expect(fields("", [:]) == ["action", "assets"])
        #expect(fields("check_in", ["not-an-id": "1"]) == ["assets"])
        #expect(fields("check_in", [one.uuidString: "x"]) == ["assets"])
        #expect(fields("status", [one.uuidString: "1"]) == ["status"])
        // Deploying names a holder: that is the assign action, not a status.
        #expect(fields("status", [one.uuidString: "1"], status: "deployed") == ["status"])
        #expect(fields("assign", [one.uuidString: "1"]) == ["employeeNumber"])
        let many = Dictionary(uniqueKeysWithValues: (0...BulkAssetChange.limit).map { _ in (UUID().uuidString, "1") })
        #expect(fields("export", many) == ["assets"])
    }

    @Test("Chosen columns keep the list's order and its fixed columns; stored choices read back, old keys dropped")
    func columns() throws {
        let layout = ListColumns(
            list: "hardware", columns: [.init("tag", "t", fixed: true), .init("name", "n"), .init("serial", "s", shownByDefault: false)])
        #expect(layout.defaults == ["tag", "name"])
        #expect(try layout.choose(["serial", "name"]).get() == ["tag", "name", "serial"])
        #expect(throws: ValidationFailure.self) { try layout.choose(["tag"]).get() }
        #expect(throws: ValidationFailure.self) { try layout.choose(["price"]).get() }
        #expect(layout.shown(nil) == ["tag", "name"])
        #expect(layout.shown(["serial", "gone"]) == ["tag", "serial"])
        #expect(layout.shown(["gone"]) == ["tag", "name"], "nothing left but the fixed: the defaults")
        var choices = ListColumns.Choices(stored: "hardware=tag,serial;broken;employees=number")
        #expect(choices["hardware"] == ["tag", "serial"] && choices["employees"] == ["number"])
        choices["employees"] = nil
        #expect(choices.stored == "hardware=tag,serial")
        #expect(ListColumns.Choices().stored == nil)
    }
}
