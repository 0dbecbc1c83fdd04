import ArgumentParser
import Domain
import Fluent
import Foundation
import Vapor

/// Demo accounts, one per role, so every view can be tried, and the demo company they work in.
enum DemoData {
    static let password = "quartermaster-demo"
    static let administratorEmail = "admin@demo.example"

    static func email(for role: Role) -> String {
        role == .administrator ? administratorEmail : "\(role.rawValue.replacingOccurrences(of: "_", with: "."))@demo.example"
    }

    /// The person each role's account belongs to (from `DemoCompanyPlan.namedPeople`); the administrator is a
    /// service account of nobody in particular.
    static let names: [Role: (first: String, last: String)] = [
        .administrator: ("Ada", "Admin"), .executive: ("Liis", "Kuusk"), .seniorITManager: ("Karin", "Lindqvist"),
        .itManager: ("Mart", "Tamm"),
        .technician: ("Jonas", "Becker"), .peopleOfficer: ("Anna", "Schmidt"), .employee: ("Erik", "Johansson"),
    ]

    /// Loads the demo company (when the organisation has no employees yet) and the demo accounts, linked to their people,
    /// as one unit of work: every part lands, or none does (a failure leaves the database as it was).
    /// - Parameter phase: told how long each part took ("hardware", "software", …), for the command line's summary;
    ///   what it throws stops the load like a failing part.
    static func load(
        into app: Application, employees: Int = 150, seed: UInt64 = 1,
        phase: @escaping @Sendable (String, Duration) throws -> Void = { _, _ in }
    ) async throws {
        try await app.unitOfWork { try await loadParts(into: app, employees: employees, seed: seed, phase: phase) }
    }

    private static func loadParts(
        into app: Application, employees: Int, seed: UInt64, phase: @escaping @Sendable (String, Duration) throws -> Void
    ) async throws {
        func timed(_ name: String, _ body: () async throws -> Void) async throws {
            let start = ContinuousClock.now
            try await body()
            try phase(name, ContinuousClock.now - start)
        }
        if try await Employee.query(on: app.db).count() == 0 {
            _ = try await DemoCompany.load(DemoCompanyPlan(employees: employees, seed: seed), into: app, actor: .system)
        }
        try await timed("network") { try await DemoNetwork.load(into: app) }
        let accounts = AccountService(app: app, actor: .system)
        let people = EmployeeService(app: app, actor: .system)
        for role in Role.allCases where try await User.query(on: app.db).filter(\.$email == email(for: role)).first() == nil {
            let name = names[role]!
            let user = try await accounts.create(
                .init(email: email(for: role), name: "\(name.first) \(name.last)", role: role, password: password, language: nil))
            guard
                let employee = try await Employee.query(on: app.db).filter(\.$firstName == name.first).filter(\.$lastName == name.last)
                    .first(),
                employee.userID == nil
            else { continue }
            _ = try await people.update(employee.id!, expectedVersion: nil, .init(from: employee, userID: user.id))
        }
        // The demo employee has not yet confirmed receiving their equipment: their "My equipment" page asks them to.
        let employee = names[.employee]!
        let unconfirmed = try await Employee.query(on: app.db).filter(\.$firstName == employee.first).filter(\.$lastName == employee.last)
            .all().compactMap(\.id)
        try await timed("hardware") { try await DemoHardware.load(into: app, unconfirmed: Set(unconfirmed)) }
        try await timed("contracts") { try await DemoContracts.load(into: app) }
        try await timed("software") { try await DemoSoftware.load(into: app) }
        try await timed("applications") { try await DemoApplications.load(into: app) }
        try await timed("evaluation") { try await DemoEvaluation.load(into: app) }
        try await timed("cabling") { try await DemoCabling.load(into: app) }
        try await timed("telephony") { try await DemoTelephony.load(into: app) }
        try await timed("monitoring") { try await DemoMonitoring.load(into: app) }
        try await timed("usage") { try await DemoUsage.load(into: app) }
    }
}
