import Foundation

/// A deterministic random number generator (SplitMix64): the same seed always gives the same demo company.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func uuid() -> UUID {
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<16 { bytes[index] = UInt8.random(in: .min ... .max, using: &self) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40  // version 4
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9], bytes[10],
                bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }
}

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

    static let names: [String: (first: [String], last: [String])] = [
        "EE": (
            [
                "Mari", "Kadri", "Liis", "Kristiina", "Triin", "Kertu", "Maarja", "Anu", "Piret", "Helen", "Katrin", "Merle", "Eve",
                "Tiina", "Karin",
                "Jaan", "Mart", "Andres", "Toomas", "Rein", "Priit", "Margus", "Tarmo", "Indrek", "Siim", "Rasmus", "Karl", "Martin",
                "Kristjan", "Peeter",
            ],
            [
                "Tamm", "Saar", "Sepp", "Mägi", "Kask", "Kukk", "Rebane", "Ilves", "Pärn", "Koppel", "Luik", "Lepik", "Kuusk", "Vaher",
                "Lill", "Oja",
                "Kivi", "Mets", "Raudsepp", "Põder", "Kallas", "Kütt", "Org", "Laur", "Aas",
            ]
        ),
        "DE": (
            [
                "Anna", "Lena", "Sophie", "Julia", "Laura", "Katharina", "Sabine", "Petra", "Claudia", "Birgit", "Sandra", "Nicole",
                "Monika", "Ute", "Ines",
                "Jonas", "Lukas", "Felix", "Maximilian", "Tobias", "Stefan", "Thomas", "Michael", "Andreas", "Jürgen", "Klaus", "Matthias",
                "Jan",
                "Florian", "Uwe",
            ],
            [
                "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Koch", "Richter",
                "Klein",
                "Wolf", "Schröder", "Neumann", "Schwarz", "Braun", "Zimmermann", "Krüger", "Hartmann", "Lange", "Werner", "Krause",
                "Lehmann",
            ]
        ),
        "SE": (
            [
                "Anna", "Eva", "Maria", "Karin", "Sara", "Emma", "Elin", "Ingrid", "Kristina", "Lena", "Linnea", "Maja", "Sofia", "Ida",
                "Frida",
                "Erik", "Lars", "Karl", "Anders", "Johan", "Per", "Nils", "Oskar", "Gustav", "Mikael", "Henrik", "Olof", "Björn", "Magnus",
                "Fredrik",
            ],
            [
                "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson", "Gustafsson",
                "Pettersson",
                "Jonsson", "Lindberg", "Lindqvist", "Lindström", "Berg", "Bergström", "Holm", "Sandberg", "Forsberg", "Sjöberg", "Wallin",
                "Engström",
                "Lundgren", "Ström",
            ]
        ),
    ]

    public init(employees requested: Int, seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let total = max(requested, 30)
        let sites = [
            Site(
                id: random.uuid(), name: "Tallinn", address: "Narva mnt 7, 10117 Tallinn", country: "EE", timeZone: "Europe/Tallinn",
                rooms: ["Server room", "Meeting room Toompea", "Open office 3rd floor"]),
            Site(
                id: random.uuid(), name: "Hamburg", address: "Am Sandtorkai 50, 20457 Hamburg", country: "DE", timeZone: "Europe/Berlin",
                rooms: ["Serverraum", "Besprechungsraum Elbe", "Großraumbüro"]),
            Site(
                id: random.uuid(), name: "Stockholm", address: "Sveavägen 44, 111 34 Stockholm", country: "SE",
                timeZone: "Europe/Stockholm",
                rooms: ["Serverrum", "Mötesrum Mälaren", "Kontorslandskap"]),
        ]
        let siteByName = Dictionary(uniqueKeysWithValues: sites.map { ($0.name, $0) })
        var departments: [Department] = []
        for (index, name) in Self.departmentNames.enumerated() {
            let parent = index == 0 ? nil : departments.first?.id
            let site = [sites[0], sites[1], sites[2]][index % 3]
            departments.append(
                Department(
                    id: random.uuid(), name: name, costCentreID: random.uuid(), costCentreCode: "CC-\((index + 1) * 100)", parentID: parent,
                    siteID: name == "IT" ? siteByName["Stockholm"]!.id : site.id, managerID: nil))
        }
        let departmentByName = Dictionary(uniqueKeysWithValues: departments.map { ($0.name, $0) })

        var people: [Person] = []
        var usedEmails = Set<String>()
        var number = 0
        func add(
            first: String, last: String, department: String, title: String, site: Site, manager: UUID?, random: inout SeededGenerator
        ) -> UUID {
            number += 1
            let id = random.uuid()
            var email = "\(Self.ascii(first)).\(Self.ascii(last))@demo.example"
            var suffix = 2
            while !usedEmails.insert(email).inserted {
                email = "\(Self.ascii(first)).\(Self.ascii(last))\(suffix)@demo.example"
                suffix += 1
            }
            let start = CalendarDate(
                year: Int.random(in: 2010...2026, using: &random), month: Int.random(in: 1...12, using: &random), day: 1)!
            let roll = Int.random(in: 0..<100, using: &random)
            let isNamed = Self.namedPeople.contains { $0.first == first && $0.last == last }
            let status: EmploymentStatus = isNamed || manager == nil ? .active : roll < 4 ? .left : roll < 7 ? .onLeave : .active
            let end = status == .left ? CalendarDate(year: 2026, month: Int.random(in: 1...10, using: &random), day: 28) : nil
            let prefix = site.country == "EE" ? "+372 5" : site.country == "DE" ? "+49 40 " : "+46 8 "
            people.append(
                Person(
                    id: id, number: String(format: "E%05d", number), firstName: first, lastName: last, email: email,
                    phone: prefix + String(Int.random(in: 100_000...999_999, using: &random)), jobTitle: title,
                    departmentID: departmentByName[department]!.id, siteID: site.id, managerID: manager,
                    startDate: max(start, CalendarDate(year: 2010, month: 1, day: 1)!), endDate: end.map { max($0, start) }, status: status)
            )
            return id
        }

        // The named people first: the managing director, the heads, IT's leads.
        var named: [String: UUID] = [:]
        for person in Self.namedPeople {
            let manager: UUID? =
                switch person.title {
                case "Managing Director": nil
                case "IT Manager": named["Karin"]
                case "IT Technician": named["Mart"]
                case "Account Manager": nil  // set below, once Sales has a head
                default: named["Liis"]
                }
            if person.title == "Account Manager" { continue }
            named[person.first] = add(
                first: person.first, last: person.last, department: person.department, title: person.title, site: siteByName[person.site]!,
                manager: manager, random: &random)
        }
        departments[0].managerID = named["Liis"]
        departments[1].managerID = named["Karin"]
        departments[5].managerID = named["Anna"]

        // IT: five people, led by the senior IT manager.
        for _ in 0..<2 {
            let (first, last) = Self.name(for: sites[0], &random)
            _ = add(
                first: first, last: last, department: "IT", title: "System Administrator", site: sites[0], manager: named["Mart"],
                random: &random)
        }

        // Every other department gets a head and then its share of the rest, in teams of at most eight under team leads.
        // Five more heads, Erik, and Management's three: the rest is shared out by the departments' weights.
        let remaining = max(total - people.count - 6 - 3, 0)
        for (index, name) in Self.departmentNames.enumerated() where name != "IT" {
            let weight = Self.departmentWeights[name] ?? 0
            var headID = departments[index].managerID
            if headID == nil {
                let site = sites[index % 3]
                let (first, last) = Self.name(for: site, &random)
                headID = add(
                    first: first, last: last, department: name, title: "Head of \(name)", site: site, manager: named["Liis"],
                    random: &random)
                departments[index].managerID = headID
            }
            if name == "Sales" {
                _ = add(
                    first: "Erik", last: "Johansson", department: "Sales", title: "Account Manager", site: siteByName["Stockholm"]!,
                    manager: headID,
                    random: &random)
            }
            let count = name == "Management" ? 3 : remaining * weight / 100
            var lead: UUID? = nil
            var inTeam = 0
            for member in 0..<count {
                let site = Self.pickSite(sites, &random)
                let (first, last) = Self.name(for: site, &random)
                if count > 10, member % 9 == 0 {
                    lead = add(first: first, last: last, department: name, title: "Team Lead", site: site, manager: headID, random: &random)
                    inTeam = 0
                    continue
                }
                let titles = Self.titles[name]!
                let title = name == "Management" ? titles[1 + member % (titles.count - 1)] : titles.randomElement(using: &random)!
                _ = add(first: first, last: last, department: name, title: title, site: site, manager: lead ?? headID, random: &random)
                inTeam += 1
            }
        }
        // Top up rounding losses in Operations, the largest department.
        while people.count < total {
            let site = Self.pickSite(sites, &random)
            let (first, last) = Self.name(for: site, &random)
            _ = add(
                first: first, last: last, department: "Operations", title: "Warehouse Operator", site: site,
                manager: departments[4].managerID,
                random: &random)
        }
        self.sites = sites
        self.departments = departments
        self.people = people
    }

    static func pickSite(_ sites: [Site], _ random: inout SeededGenerator) -> Site {
        let roll = Int.random(in: 0..<100, using: &random)
        return roll < 40 ? sites[0] : roll < 75 ? sites[1] : sites[2]
    }

    static func name(for site: Site, _ random: inout SeededGenerator) -> (String, String) {
        let list = names[site.country]!
        return (list.first.randomElement(using: &random)!, list.last.randomElement(using: &random)!)
    }

    /// The name as it can stand in an e-mail address: "Mägi" → "maegi", "Sjöberg" → "sjoeberg", "Põder" → "poder".
    static func ascii(_ name: String) -> String {
        var result = ""
        for character in name.lowercased() {
            switch character {
            case "ä": result += "ae"
            case "ö": result += "oe"
            case "ü": result += "ue"
            case "õ": result += "o"
            case "å": result += "a"
            case "ß": result += "ss"
            case "é": result += "e"
            default: if character.isASCII && (character.isLetter || character.isNumber) { result.append(character) }
            }
        }
        return result
    }
}
