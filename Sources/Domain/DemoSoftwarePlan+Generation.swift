import Foundation

extension DemoSoftwarePlan {
    /// - Parameters:
    ///   - sites: the site ids by name ("Tallinn", "Hamburg", "Stockholm"); the site licence goes to Hamburg.
    ///   - currencyOf: the currency a site buys in.
    public init(devices: [Device], sites: [String: UUID], currencyOf: (UUID?) -> Currency, today: CalendarDate) {
        func product(_ publisher: String, _ name: String, _ category: SoftwareCategory) -> Product {
            let product = Product(publisher: publisher, name: name, category: category)
            products.append(product)
            return product
        }
        let office = product("Microsoft", "365 Apps for business", .office)
        let windows = product("Microsoft", "Windows 11 Pro", .operatingSystem)
        let eset = product("ESET", "Endpoint Security", .security)
        let acrobat = product("Adobe", "Acrobat Pro", .office)
        let creative = product("Adobe", "Creative Cloud All Apps", .design)
        let intellij = product("JetBrains", "IntelliJ IDEA Ultimate", .development)
        let autocad = product("Autodesk", "AutoCAD LT", .design)
        let teamviewer = product("TeamViewer", "TeamViewer Business", .utility)
        let veeam = product("Veeam", "Backup & Replication", .utility)
        let sqlServer = product("Microsoft", "SQL Server 2022 Standard", .database)
        _ = product("DATEV", "Unternehmen online", .finance)  // licensed through the tax adviser: recorded, not installed

        let computers = devices.filter { $0.type == .laptop || $0.type == .workstation }
        let servers = devices.filter { $0.type == .server }
        let hamburg = sites["Hamburg"]
        var count: [UUID: Int] = [:]
        func install(_ product: Product, on device: Device, _ version: String) {
            installations.append(Installation(productID: product.id, deviceID: device.id, version: version))
            count[product.id, default: 0] += 1
        }
        for (index, device) in computers.enumerated() {
            install(windows, on: device, index % 7 == 0 ? "23H2" : "24H2")
            install(office, on: device, index % 5 == 0 ? "2402" : "2408")
            install(eset, on: device, "11.1")
            if index % 6 == 0 { install(acrobat, on: device, "2024.002") }
            if index % 20 == 3 { install(creative, on: device, "2025") }
            if index % 12 == 5 { install(intellij, on: device, index % 24 == 5 ? "2024.2" : "2024.3") }
            if index % 9 == 1, device.siteID == hamburg || index % 27 == 1 { install(autocad, on: device, "2025") }
            if index % 15 == 7 { install(teamviewer, on: device, "15.58") }
        }
        for (index, server) in servers.enumerated() {
            install(veeam, on: server, "12.2")
            if index % 3 == 0 { install(sqlServer, on: server, "16.0") }
        }

        // A per-person licence is needed by every holder, and by every computer nobody holds (stock, spares).
        let people = Set(computers.compactMap(\.holderID)).count + computers.filter { $0.holderID == nil }.count
        let eur = { (cents: Int64) in Money(minorUnits: cents, currency: .eur) }
        // Terms that renew within the coming months, so the deadlines list shows them.
        let renewal = { (monthsAhead: Int) in today.adding(months: monthsAhead).lastOfMonth.adding(months: -12) }
        let started = { (monthsAgo: Int) in today.adding(months: -monthsAgo) }
        func add(
            _ product: Product, _ name: String, _ kind: LicenceKind, seats: Int?, site: UUID? = nil, cost: Money?, billing: LicenceBilling,
            start: CalendarDate, renews: CalendarDate? = nil, key: Bool = false, assignees: [UUID] = []
        ) {
            licences.append(
                Licence(
                    productID: product.id, name: name, kind: kind, seats: seats.map { max(1, $0) }, siteID: site, cost: cost,
                    billing: billing,
                    start: start, renewal: renews, autoRenews: renews != nil, hasKey: key, assignees: assignees))
        }
        // Bought with 10 % headroom that nobody used: the surplus the report prices.
        add(
            office, "Microsoft 365 Apps – annual commitment", .subscription, seats: people + max(1, people / 10),
            cost: eur(Int64(people + max(1, people / 10)) * 1_050), billing: .monthly,
            start: renewal(3).adding(months: -12).adding(days: 1),
            renews: renewal(3))
        add(
            windows, "Windows 11 Pro OEM (with the hardware)", .perDevice, seats: count[windows.id] ?? 0, cost: nil, billing: .oneTime,
            start: started(36), key: true)
        // The fleet grew faster than the renewal: a shortfall of about 4 %.
        let esetSeats = (count[eset.id] ?? 0) * 96 / 100
        add(
            eset, "ESET PROTECT Entry", .perDevice, seats: esetSeats, cost: eur(Int64(esetSeats) * 3_900), billing: .yearly,
            start: renewal(1).adding(months: -12).adding(days: 1), renews: renewal(1), key: true)
        let acrobatSeats = (count[acrobat.id] ?? 0) + 4
        add(
            acrobat, "Acrobat Pro team", .subscription, seats: acrobatSeats, cost: eur(Int64(acrobatSeats) * 2_399), billing: .monthly,
            start: renewal(5).adding(months: -12).adding(days: 1), renews: renewal(5))
        let creativeSeats = max(1, (count[creative.id] ?? 0) - 2)
        add(
            creative, "Creative Cloud for teams", .subscription, seats: creativeSeats, cost: eur(Int64(creativeSeats) * 8_999),
            billing: .monthly, start: renewal(8).adding(months: -12).adding(days: 1), renews: renewal(8))
        let developers = computers.enumerated().filter { $0.offset % 12 == 5 }.compactMap(\.element.holderID)
        add(
            intellij, "IntelliJ IDEA Ultimate – named users", .perUser, seats: Set(developers).count + 1,
            cost: eur(Int64(Set(developers).count + 1) * 59_900), billing: .yearly, start: renewal(2).adding(months: -12).adding(days: 1),
            renews: renewal(2), key: true, assignees: Array(Set(developers)).sorted { $0.uuidString < $1.uuidString })
        if let hamburg {
            add(
                autocad, "AutoCAD LT site licence Hamburg", .site, seats: nil, site: hamburg, cost: eur(1_480_000), billing: .yearly,
                start: renewal(6).adding(months: -12).adding(days: 1), renews: renewal(6))
        }
        add(
            teamviewer, "TeamViewer Business (3 sessions)", .concurrent, seats: 3, cost: eur(45_900), billing: .yearly,
            start: renewal(4).adding(months: -12).adding(days: 1), renews: renewal(4), key: true)
        add(
            veeam, "Veeam Universal Licence", .perDevice, seats: count[veeam.id] ?? 0,
            cost: Money(minorUnits: Int64(count[veeam.id] ?? 0) * 650_000, currency: currencyOf(sites["Stockholm"])), billing: .yearly,
            start: renewal(10).adding(months: -12).adding(days: 1), renews: renewal(10), key: true)
        add(
            sqlServer, "SQL Server 2022 Standard (per server)", .perDevice, seats: count[sqlServer.id] ?? 0,
            cost: eur(Int64(count[sqlServer.id] ?? 0) * 110_000),
            billing: .oneTime, start: started(20), key: true)
    }
}
