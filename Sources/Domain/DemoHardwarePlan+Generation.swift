import Foundation

extension DemoHardwarePlan {
    public init(holders: [Holder], sites: [Site], today: CalendarDate, tagPrefix: String, unconfirmedHolders: Set<UUID> = [], seed: UInt64)
    {
        var random = SeededGenerator(seed: seed &+ 0x4A5D)
        func model(_ manufacturer: String, _ name: String, _ type: AssetType, eol: String?, months: Int, euros: Int64) -> Model {
            Model(
                id: random.uuid(), manufacturer: manufacturer, name: name, type: type, endOfLife: eol.flatMap(CalendarDate.init),
                lifetimeMonths: months, listPriceCents: euros * 100)
        }
        let laptops = [
            model("Lenovo", "ThinkPad T14 Gen 4", .laptop, eol: nil, months: 48, euros: 1349),
            model("Lenovo", "ThinkPad T14 Gen 2", .laptop, eol: "2026-06-30", months: 48, euros: 1149),
            model("Apple", "MacBook Air 13 M2", .laptop, eol: nil, months: 48, euros: 1299),
        ]
        let monitor = model("Dell", "UltraSharp U2723QE", .monitor, eol: nil, months: 72, euros: 579)
        let phones = [
            model("Apple", "iPhone 14", .mobilePhone, eol: nil, months: 36, euros: 899),
            model("Samsung", "Galaxy A54", .mobilePhone, eol: "2027-03-31", months: 36, euros: 449),
        ]
        let server = model("Dell", "PowerEdge R650", .server, eol: "2029-12-31", months: 60, euros: 7900)
        let coreSwitch = model("Cisco", "Catalyst 9300-24T", .networkSwitch, eol: nil, months: 84, euros: 6900)
        let accessSwitch = model("Cisco", "Catalyst 9200L-48P", .networkSwitch, eol: nil, months: 84, euros: 4200)
        let router = model("MikroTik", "CCR2004-16G-2S+", .router, eol: nil, months: 84, euros: 595)
        let firewall = model("Fortinet", "FortiGate 60F", .firewall, eol: "2028-09-30", months: 60, euros: 1100)
        let accessPoint = model("Ubiquiti", "U6 Pro", .accessPoint, eol: nil, months: 60, euros: 189)
        let patchPanel = model("Panduit", "DP24688TGY 24-port Cat6", .patchPanel, eol: nil, months: 180, euros: 120)
        let pbx = model("Auerswald", "COMpact 5500R", .pbx, eol: nil, months: 96, euros: 1290)
        let deskPhone = model("Yealink", "SIP-T54W", .deskPhone, eol: nil, months: 72, euros: 199)
        let printer = model("HP", "LaserJet Enterprise M507dn", .printer, eol: nil, months: 60, euros: 599)
        let ups = model("APC", "Smart-UPS SMT1500RMI2U", .ups, eol: nil, months: 84, euros: 890)
        models =
            laptops + [monitor] + phones + [
                server, coreSwitch, accessSwitch, router, firewall, accessPoint, patchPanel, pbx, deskPhone, printer, ups,
            ]

        let suppliers = ["Bechtle", "Atea", "Dustin", "Cancom"]
        var assets: [Asset] = []
        var number = 0
        let sitesByID = Dictionary(uniqueKeysWithValues: sites.map { ($0.id, $0) })
        func add(_ model: Model, site: Site, name: String, holder: UUID? = nil, random: inout SeededGenerator) {
            number += 1
            let tag = AssetTag.next(prefix: tagPrefix, highestUsed: number - 1)
            // Bought up to five years ago, a little over a third of them in the last eighteen months.
            let ageMonths = Int.random(in: 0...60, using: &random)
            let month = today.adding(months: -ageMonths)
            let purchase = CalendarDate(year: month.year, month: month.month, day: min(month.day, Int.random(in: 1...28, using: &random)))!
            let roll = Int.random(in: 0..<100, using: &random)
            let status: AssetStatus =
                if holder != nil { roll < 3 ? .inRepair : .deployed } else if model.type == .laptop || model.type == .mobilePhone {
                    roll < 15 ? .retired : .inStock
                } else { .deployed }
            let cost = Money(
                minorUnits: site.currency == .sek ? model.listPriceCents * Self.sekPerEur / 10 : model.listPriceCents,
                currency: site.currency)
            assets.append(
                Asset(
                    id: random.uuid(), tag: tag, name: name, serial: Self.serial(model, &random),
                    imei: model.type.hasIMEI ? Self.imei(&random) : nil, modelID: model.id, type: model.type, status: status,
                    siteID: site.id, holderID: status == .deployed ? holder : nil,
                    holderSiteID: status == .deployed && holder == nil ? site.id : nil, purchaseDate: purchase, purchaseCost: cost,
                    warrantyEnd: purchase.adding(months: model.type == .server ? 60 : 36),
                    supplier: suppliers[Int.random(in: 0..<suppliers.count, using: &random)],
                    receiptConfirmed: holder.map { !unconfirmedHolders.contains($0) } ?? false))
        }
        for site in sites {
            let code = site.code
            for index in 1...3 { add(server, site: site, name: "srv\(index).\(code)", random: &random) }
            add(coreSwitch, site: site, name: "core-sw.\(code)", random: &random)
            for index in 1...2 { add(accessSwitch, site: site, name: "access-sw\(index).\(code)", random: &random) }
            add(router, site: site, name: "gw.\(code)", random: &random)
            add(firewall, site: site, name: "fw.\(code)", random: &random)
            for index in 1...4 { add(accessPoint, site: site, name: "ap\(index).\(code)", random: &random) }
            for index in 1...2 { add(patchPanel, site: site, name: "pp\(index).\(code)", random: &random) }
            add(pbx, site: site, name: "pbx.\(code)", random: &random)
            for index in 1...3 { add(deskPhone, site: site, name: "reception-\(index).\(code)", random: &random) }
            for index in 1...2 { add(printer, site: site, name: "print\(index).\(code)", random: &random) }
            add(ups, site: site, name: "ups.\(code)", random: &random)
            // Spares on the shelf.
            for _ in 1...2 { add(laptops[0], site: site, name: "", random: &random) }
        }
        for (index, holder) in holders.enumerated() {
            guard let site = sitesByID[holder.siteID] ?? sites.first else { continue }
            let laptop = laptops[Int.random(in: 0..<laptops.count, using: &random)]
            add(laptop, site: site, name: "nb-\(number + 1)", holder: holder.id, random: &random)
            add(monitor, site: site, name: "", holder: holder.id, random: &random)
            if index % 3 == 0 { add(phones[index % 2], site: site, name: "", holder: holder.id, random: &random) }
        }
        self.assets = assets
    }
}
