import Foundation

/// The demo company, as plain values: three sites (Tallinn, Hamburg, Stockholm), eight departments with cost
/// centres, and `employees` people with names fitting their country, managers and reporting lines. IT has five
/// people led by a senior IT manager. Later capabilities extend the plan.
public struct DemoCompanyPlan: Sendable {
    public struct Site: Sendable {
        public let id: UUID
        public let name: String
        public let address: String
        public let country: String
        public let timeZone: String
        public let rooms: [String]
    }

    public struct Department: Sendable {
        public let id: UUID
        public let name: String
        public let costCentreID: UUID
        public let costCentreCode: String
        public let parentID: UUID?
        public let siteID: UUID
        public var managerID: UUID?
    }

    public struct Person: Sendable {
        public let id: UUID
        public let number: String
        public let firstName: String
        public let lastName: String
        public let email: String
        public let phone: String
        public let jobTitle: String
        public let departmentID: UUID
        public let siteID: UUID
        public let managerID: UUID?
        public let startDate: CalendarDate
        public let endDate: CalendarDate?
        public let status: EmploymentStatus
    }

    public let sites: [Site]
    public let departments: [Department]
    /// Managers come before the people who report to them.
    public let people: [Person]

    /// People with fixed names, so the demo accounts (one per role) can be linked to them.
    public static let namedPeople: [(first: String, last: String, department: String, title: String, site: String)] = [
        ("Liis", "Kuusk", "Management", "Managing Director", "Tallinn"),
        ("Karin", "Lindqvist", "IT", "Head of IT", "Stockholm"),
        ("Mart", "Tamm", "IT", "IT Manager", "Tallinn"),
        ("Jonas", "Becker", "IT", "IT Technician", "Hamburg"),
        ("Anna", "Schmidt", "HR", "Head of People", "Hamburg"),
        ("Erik", "Johansson", "Sales", "Account Manager", "Stockholm"),
    ]

    static let departmentNames = ["Management", "IT", "Sales", "Finance", "Operations", "HR", "Customer Service", "Marketing"]
    /// Share of the company per department (Management and IT are fixed-size).
    static let departmentWeights = ["Sales": 30, "Finance": 10, "Operations": 30, "HR": 6, "Customer Service": 16, "Marketing": 8]
    static let titles: [String: [String]] = [
        "Management": ["Managing Director", "Chief Financial Officer", "Chief Operating Officer", "Assistant to the Board"],
        "IT": ["IT Technician", "System Administrator", "Network Engineer"],
        "Sales": ["Account Manager", "Sales Representative", "Key Account Manager", "Sales Assistant"],
        "Finance": ["Accountant", "Controller", "Payroll Specialist", "Financial Analyst"],
        "Operations": ["Logistics Coordinator", "Warehouse Operator", "Purchasing Agent", "Operations Analyst"],
        "HR": ["HR Generalist", "Recruiter", "Learning and Development Specialist"],
        "Customer Service": ["Customer Service Agent", "Support Specialist", "Service Desk Agent"],
        "Marketing": ["Marketing Specialist", "Content Writer", "Designer", "Marketing Analyst"],
    ]
}
