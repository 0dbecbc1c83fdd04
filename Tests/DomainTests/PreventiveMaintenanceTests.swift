import Foundation
import Testing

@testable import Domain

@Suite("Preventive maintenance: cadences from the anchor, next due dates, due states, checklists and completions")
struct PreventiveMaintenanceTests {
    func date(_ text: String) -> CalendarDate { CalendarDate(text)! }

    @Test("Monthly from 31 January keeps to the month's end and returns to the 31st; cadences are bounded")
    func occurrences() throws {
        let monthly = try #require(MaintenanceCadence(every: 1, unit: .months))
        let anchor = date("2027-01-31")
        #expect(
            (0..<4).map { monthly.occurrence($0, from: anchor).description } == ["2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30"])
        let quarterly = try #require(MaintenanceCadence(every: 3, unit: .months))
        #expect(quarterly.occurrence(4, from: date("2026-03-31")) == date("2027-03-31"))
        #expect(MaintenanceCadence(every: 2, unit: .weeks)!.occurrence(3, from: date("2026-12-28")) == date("2027-02-08"))
        #expect(MaintenanceCadence(every: 1, unit: .years)!.occurrence(1, from: date("2028-02-29")) == date("2029-02-28"))
        #expect(MaintenanceCadence(every: 0, unit: .days) == nil && MaintenanceCadence(every: 11, unit: .years) == nil)
        #expect(MaintenanceCadence(every: 120, unit: .months) != nil && MaintenanceCadence(every: 121, unit: .months) == nil)
    }

    @Test("Done early, the next is one period after the due date met; done late, missed periods are not owed twice")
    func nextDue() throws {
        let quarterly = try #require(MaintenanceCadence(every: 3, unit: .months))
        let anchor = date("2026-03-31")
        // On time and early: the next quarter's end.
        #expect(quarterly.nextDue(anchor: anchor, satisfied: date("2026-12-31"), doneOn: date("2026-12-31")) == date("2027-03-31"))
        #expect(quarterly.nextDue(anchor: anchor, satisfied: date("2026-12-31"), doneOn: date("2026-12-02")) == date("2027-03-31"))
        // Six weeks late: still the next quarter's end, not the one just passed.
        #expect(quarterly.nextDue(anchor: anchor, satisfied: date("2026-09-30"), doneOn: date("2026-11-15")) == date("2026-12-31"))
        // Nine months late: the quarters in between are gone; the next one after the day it was done.
        #expect(quarterly.nextDue(anchor: anchor, satisfied: date("2026-03-31"), doneOn: date("2026-12-15")) == date("2026-12-31"))
        // A daily task set up ten years ago answers the same as a new one would.
        let daily = try #require(MaintenanceCadence(every: 1, unit: .days))
        #expect(daily.nextDue(anchor: date("2016-01-01"), satisfied: date("2026-12-02"), doneOn: date("2026-12-03")) == date("2026-12-04"))
        let yearly = try #require(MaintenanceCadence(every: 1, unit: .years))
        #expect(yearly.nextDue(anchor: date("2020-02-29"), satisfied: date("2026-02-28"), doneOn: date("2026-03-01")) == date("2027-02-28"))
        #expect(yearly.nextDue(anchor: date("2020-02-29"), satisfied: date("2027-02-28"), doneOn: date("2027-02-20")) == date("2028-02-29"))
    }

    @Test("A task is scheduled, due within its lead days (the due day included), and overdue the day after")
    func states() {
        let due = date("2026-12-10")
        #expect(MaintenanceDueState(due: due, today: date("2026-12-02"), leadDays: 7) == .scheduled)
        #expect(MaintenanceDueState(due: due, today: date("2026-12-03"), leadDays: 7) == .due)
        #expect(MaintenanceDueState(due: due, today: date("2026-12-10"), leadDays: 0) == .due)
        #expect(MaintenanceDueState(due: due, today: date("2026-12-11"), leadDays: 7) == .overdue)
    }

    @Test("A checklist reads one step a line, a trailing [unit] making a measurement, and writes back the same")
    func checklist() {
        let steps = ChecklistStep.parse("Run the UPS self-test\n\n  Battery runtime [min]  \nLoad [ % ]\nOdd [\nNo unit []\n")
        #expect(steps.map(\.text) == ["Run the UPS self-test", "Battery runtime", "Load", "Odd [", "No unit []"])
        #expect(steps.map(\.unit) == [nil, "min", "%", nil, nil])
        #expect(ChecklistStep.parse(steps.map(\.line).joined(separator: "\n")) == steps)
    }

    @Test("A completion needs a number for each measurement and may not pass with a failed step")
    func completion() throws {
        let checklist = ChecklistStep.parse("Restore last night's backup\nFiles restored [count]\nRestore time [min]")
        let good = try MaintenanceCompletion.validate(
            result: .pass, passed: [true, true, true], values: ["", "1204", "12,5"], against: checklist
        )
        .get()
        #expect(good.steps.map(\.value) == [nil, "1204", "12.5"])
        guard
            case .failure(let bad) = MaintenanceCompletion.validate(
                result: .pass, passed: [true, false], values: ["", "", "twelve"], against: checklist)
        else {
            Issue.record("accepted")
            return
        }
        #expect(
            bad.errors == [
                FieldError(field: "step.2", code: .required), FieldError(field: "step.3", code: .invalid),
                FieldError(field: "result", code: .stepFailed),
            ])
        // A failed step is fine when the result says fail.
        let failed = try MaintenanceCompletion.validate(
            result: .fail, passed: [false, true, true], values: ["", "0", "-1"], against: checklist
        )
        .get()
        #expect(failed.result == .fail && failed.steps.first?.passed == false)
        #expect(try MaintenanceCompletion.validate(result: .pass, passed: [], values: [], against: []).get().steps.isEmpty)
    }
}
