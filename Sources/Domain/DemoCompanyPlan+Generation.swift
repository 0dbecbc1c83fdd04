import Foundation

extension DemoCompanyPlan {
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
}
