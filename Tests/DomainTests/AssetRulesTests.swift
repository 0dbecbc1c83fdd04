import Foundation
import PropertyBased
import Testing

@testable import Domain

@Suite("Asset lifecycle and tags")
struct AssetLifecycleTests {
    func codes(_ move: AssetLifecycle.Move) -> [String] { AssetLifecycle.problems(move).map { "\($0.field):\($0.code.rawValue)" } }

    @Test("The life runs ordered → in stock → deployed ⇄ in repair → retired → disposed, and disposal is final")
    func allowedMoves() {
        let path: [AssetStatus] = [.ordered, .inStock, .deployed, .inRepair, .inStock, .retired, .disposed]
        for (from, to) in zip(path, path.dropFirst()) {
            #expect(AssetLifecycle.allowed[from]?.contains(to) == true, "\(from) → \(to)")
        }
        #expect(AssetLifecycle.allowed[.disposed] == [])
        #expect(AssetLifecycle.allowed[.ordered] == [.inStock])
        #expect(AssetLifecycle.allowed[.deployed]?.contains(.disposed) == false)
        #expect(Set(AssetLifecycle.allowed.keys) == Set(AssetStatus.allCases))
    }

    @Test("Every status can be reached from an order, and every one except disposed can still move")
    func reachability() {
        var reached: Set<AssetStatus> = [.ordered]
        var frontier: [AssetStatus] = [.ordered]
        while let status = frontier.popLast() {
            for next in AssetLifecycle.allowed[status, default: []] where reached.insert(next).inserted { frontier.append(next) }
        }
        #expect(reached == Set(AssetStatus.allCases))
        #expect(AssetStatus.allCases.filter { AssetLifecycle.allowed[$0, default: []].isEmpty } == [.disposed])
    }

    @Test("A move not in the table is refused, whatever else it carries")
    func refusedMoves() async {
        await propertyCheck(input: Gen<AssetStatus>.case, Gen<AssetStatus>.case, Gen<AssetType>.case) {
            from, to, type in
            let move = AssetLifecycle.Move(
                from: from, to: to, type: type, reason: "because", hasAssignee: true, disposalMethod: .recycled, dataWipeConfirmed: true)
            let problems = AssetLifecycle.problems(move)
            if from == to {
                #expect(problems == [FieldError(field: "status", code: .unchanged)])
            } else if AssetLifecycle.allowed[from]?.contains(to) == true {
                #expect(problems.isEmpty)
            } else {
                #expect(problems == [FieldError(field: "status", code: .transitionNotAllowed)])
            }
        }
    }

    @Test("Deploying needs an assignee; repair, retirement and disposal need a reason")
    func requiredDetails() {
        #expect(codes(.init(from: .inStock, to: .deployed, type: .laptop)) == ["assignee:required"])
        #expect(codes(.init(from: .inStock, to: .deployed, type: .laptop, hasAssignee: true)) == [])
        #expect(codes(.init(from: .deployed, to: .inRepair, type: .laptop, reason: "  ")) == ["reason:required"])
        #expect(codes(.init(from: .deployed, to: .retired, type: .laptop)) == ["reason:required"])
        #expect(codes(.init(from: .deployed, to: .inStock, type: .laptop)) == [])
        #expect(
            codes(.init(from: .deployed, to: .retired, type: .laptop, reason: String(repeating: "x", count: 2001))) == ["reason:too_long"])
    }

    @Test("Disposal records the method, and confirms the wipe for devices that hold data")
    func disposal() {
        #expect(
            codes(.init(from: .retired, to: .disposed, type: .laptop, reason: "old")) == [
                "disposalMethod:required", "dataWipeConfirmed:required",
            ])
        #expect(
            codes(.init(from: .retired, to: .disposed, type: .laptop, reason: "old", disposalMethod: .sold)) == [
                "dataWipeConfirmed:required"
            ])
        #expect(
            codes(.init(from: .retired, to: .disposed, type: .mobilePhone, reason: "old", disposalMethod: .sold, dataWipeConfirmed: true))
                == [])
        #expect(codes(.init(from: .retired, to: .disposed, type: .monitor, reason: "broken", disposalMethod: .recycled)) == [])
        #expect(AssetType.allCases.filter { !$0.storesData } == [.monitor, .patchPanel, .ups])
    }

    @Test("Only deployed assets keep their assignee")
    func assignment() {
        #expect(AssetStatus.allCases.filter(AssetLifecycle.keepsAssignee) == [.deployed])
    }

    @Test("Generated tags count up from the highest used, padded; other tags are not counted")
    func tags() {
        #expect(AssetTag.next(prefix: "QM-", highestUsed: nil) == "QM-000001")
        #expect(AssetTag.next(prefix: "QM-", highestUsed: 41) == "QM-000042")
        #expect(AssetTag.next(prefix: "HH", highestUsed: 1_234_567) == "HH1234568")
        #expect(AssetTag.number(of: "QM-000042", prefix: "QM-") == 42)
        #expect(AssetTag.number(of: "QM-00A042", prefix: "QM-") == nil)
        #expect(AssetTag.number(of: "LAPTOP-7", prefix: "QM-") == nil)
        #expect(AssetTag.number(of: "QM-", prefix: "QM-") == nil)
    }

    @Test("A tag is short and printable; so is its prefix")
    func tagRules() {
        #expect(AssetTag.problems("QM-000042").isEmpty)
        #expect(AssetTag.problems("TLL/IT.7_a").isEmpty)
        #expect(AssetTag.problems("").map(\.code) == [.required])
        #expect(AssetTag.problems(String(repeating: "A", count: 33)).map(\.code) == [.tooLong])
        #expect(AssetTag.problems("QM 42").map(\.code) == [.invalid])
        #expect(AssetTag.problems("QM-ä").map(\.code) == [.invalid])
        #expect(AssetTag.prefixProblems("").isEmpty)
        #expect(AssetTag.prefixProblems("HAMBURG-IT-").map(\.code) == [.tooLong])
        #expect(AssetTag.prefixProblems("Q M").map(\.field) == ["assetTagPrefix"])
    }
}

@Suite("Refresh forecast")
struct RefreshForecastTests {
    let july = FiscalCalendar(startMonth: 7, timeZone: TimeZone(identifier: "Europe/Berlin")!)
    let january = FiscalCalendar(startMonth: 1, timeZone: TimeZone(identifier: "Europe/Tallinn")!)

    func date(_ text: String) -> CalendarDate { CalendarDate(text)! }
    func eur(_ units: Int64) -> Money { Money(minorUnits: units, currency: .eur) }

    @Test("Quarters follow the fiscal year's start month and count across year ends")
    func quarters() {
        #expect(july.quarter(containing: date("2026-07-01")) == FiscalQuarter(fiscalYear: 2026, quarter: 1))
        #expect(july.quarter(containing: date("2026-06-30")) == FiscalQuarter(fiscalYear: 2025, quarter: 4))
        #expect(july.quarter(containing: date("2027-01-15")) == FiscalQuarter(fiscalYear: 2026, quarter: 3))
        #expect(january.quarter(containing: date("2026-11-24")) == FiscalQuarter(fiscalYear: 2026, quarter: 4))
        #expect(FiscalQuarter(fiscalYear: 2026, quarter: 4).advanced(by: 1) == FiscalQuarter(fiscalYear: 2027, quarter: 1))
        #expect(FiscalQuarter(fiscalYear: 2026, quarter: 1).advanced(by: -1) == FiscalQuarter(fiscalYear: 2025, quarter: 4))
        #expect(FiscalQuarter(fiscalYear: 2026, quarter: 2).advanced(by: 11) == FiscalQuarter(fiscalYear: 2029, quarter: 1))
        #expect(FiscalQuarter(fiscalYear: 2026, quarter: 3).label(july) == "Q3 2026/27")
        #expect(FiscalQuarter(fiscalYear: 2026, quarter: 3).label(january) == "Q3 2026")
    }

    @Test("A quarter's date range, from FiscalCalendar, contains exactly the dates that map to that quarter")
    func quarterMatchesRanges() async {
        await propertyCheck(input: Gen.int(in: 1...12), Gen.int(in: 2000...2040), Gen.int(in: 1...12), Gen.int(in: 1...28)) {
            start, year, month, dayOfMonth in
            let calendar = FiscalCalendar(startMonth: start, timeZone: TimeZone(identifier: "UTC")!)
            let quarter = calendar.quarter(containing: CalendarDate(year: year, month: month, day: dayOfMonth)!)
            let instant = DateComponents(
                calendar: Calendar(identifier: .gregorian), timeZone: .gmt, year: year, month: month, day: dayOfMonth, hour: 12)
            #expect(calendar.range(fiscalYear: quarter.fiscalYear, quarter: quarter.quarter).contains(instant.date!))
        }
    }

    @Test("An asset is due at the earlier of lifetime and end of life; the warranty only when nothing else is known")
    func dueDates() {
        let laptop = RefreshForecast.Asset(id: "A", purchaseDate: date("2023-01-31"), lifetimeMonths: 49, warrantyEnd: date("2026-01-31"))
        #expect(RefreshForecast.dueDate(laptop)! == (date("2027-02-28"), .lifetime))
        var endsEarlier = laptop
        endsEarlier.modelEndOfLife = date("2026-10-01")
        #expect(RefreshForecast.dueDate(endsEarlier)! == (date("2026-10-01"), .endOfLife))
        let onlyWarranty = RefreshForecast.Asset(id: "B", purchaseDate: date("2024-05-01"), warrantyEnd: date("2027-05-01"))
        #expect(RefreshForecast.dueDate(onlyWarranty)! == (date("2027-05-01"), .warrantyEnd))
        #expect(RefreshForecast.dueDate(.init(id: "C", purchaseDate: date("2024-05-01"))) == nil)
    }

    @Test("The forecast puts each asset in its quarter, overdue ones in the current one, and prices them")
    func forecast() {
        let assets: [RefreshForecast.Asset] = [
            .init(id: "overdue", purchaseDate: date("2020-03-01"), lifetimeMonths: 48, listPrice: eur(120_000)),
            .init(id: "this-quarter", modelEndOfLife: date("2026-12-31"), purchaseCost: eur(80_000)),
            .init(id: "next-year", purchaseDate: date("2024-09-15"), lifetimeMonths: 36, listPrice: eur(150_000), purchaseCost: eur(99)),
            .init(id: "in-sek", warrantyEnd: date("2027-02-01"), purchaseCost: Money(minorUnits: 1_500_000, currency: .sek)),
            .init(id: "unpriced", warrantyEnd: date("2027-02-02")),
            .init(id: "far", purchaseDate: date("2026-01-01"), lifetimeMonths: 120),
            .init(id: "unknown"),
        ]
        let forecast = RefreshForecast.forecast(assets, today: date("2026-11-24"), calendar: july)
        #expect(forecast.quarters.count == 12)
        #expect(forecast.quarters.first == FiscalQuarter(fiscalYear: 2026, quarter: 2))
        #expect(forecast.quarters.last == FiscalQuarter(fiscalYear: 2029, quarter: 1))
        #expect(forecast.due.map(\.asset.id) == ["overdue", "this-quarter", "in-sek", "unpriced", "next-year"])
        #expect(forecast.overdue == 1 && forecast.later == 1 && forecast.unknown == 1)
        let perQuarter = forecast.perQuarter
        let now = FiscalQuarter(fiscalYear: 2026, quarter: 2)
        #expect(perQuarter[now]?.count == 2)
        #expect(perQuarter[now]?.amounts == [eur(200_000)])
        let q3 = FiscalQuarter(fiscalYear: 2026, quarter: 3)
        #expect(perQuarter[q3]?.count == 2 && perQuarter[q3]?.unpriced == 1)
        #expect(perQuarter[q3]?.amounts == [Money(minorUnits: 1_500_000, currency: .sek)])
        // The list price wins over what the asset once cost.
        #expect(perQuarter[FiscalQuarter(fiscalYear: 2027, quarter: 1)]?.amounts == [eur(150_000)])
    }

    @Test("Grouped totals add up to the overall totals, and no asset is lost or counted twice")
    func groupedTotals() async {
        let dates = Gen.int(in: 0...2000).map { CalendarDate(year: 2022, month: 1, day: 1)!.adding(months: $0 / 30) }
        await propertyCheck(input: dates.array(of: 0...40), Gen.int(in: 1...12)) { dueDates, quarters in
            let assets = dueDates.enumerated().map { index, due in
                RefreshForecast.Asset(
                    id: "A\(index)", modelEndOfLife: due, listPrice: Money(minorUnits: Int64(index * 100), currency: .eur))
            }
            let forecast = RefreshForecast.forecast(assets, today: CalendarDate("2026-11-24")!, calendar: july, quarters: quarters)
            #expect(forecast.due.count + forecast.later + forecast.unknown == assets.count)
            let grouped = forecast.totals { $0.asset.id.hasSuffix("0") ? "tens" : "others" }
            for quarter in forecast.quarters {
                let sum = grouped.values.compactMap { $0[quarter] }.reduce(0) { $0 + $1.count }
                #expect(sum == (forecast.perQuarter[quarter]?.count ?? 0))
            }
            #expect(forecast.due.allSatisfy { forecast.quarters.contains($0.quarter) })
        }
    }
}

@Suite("IMEI and the demo hardware")
struct IMEIAndDemoHardwareTests {
    @Test("An IMEI is 15 digits with a Luhn check digit; label punctuation is dropped")
    func imei() {
        #expect(IMEI.normalised("490154203237518") == "490154203237518")
        #expect(IMEI.normalised("35-209900-176148-1") == "352099001761481")
        #expect(IMEI.normalised("35 209900 176148 1") == "352099001761481")
        #expect(IMEI.normalised("490154203237517") == nil)  // wrong check digit
        #expect(IMEI.normalised("49015420323751") == nil)  // 14 digits
        #expect(IMEI.normalised("49015420323751٨") == nil)  // not an ASCII digit
        // Every single-digit typo is caught: Luhn's promise.
        let digits = Array("490154203237518")
        for index in digits.indices {
            for replacement in "0123456789" where replacement != digits[index] {
                var typo = digits
                typo[index] = replacement
                #expect(IMEI.normalised(String(typo)) == nil, "\(String(typo))")
            }
        }
    }

    @Test("The demo hardware is deterministic, every employee gets a laptop and monitor, IMEIs are valid and tags unique")
    func plan() {
        let sites = [
            DemoHardwarePlan.Site(id: UUID(), code: "tll", currency: .eur), DemoHardwarePlan.Site(id: UUID(), code: "sto", currency: .sek),
        ]
        let holders = (0..<90).map { DemoHardwarePlan.Holder(id: UUID(), siteID: sites[$0 % 2].id) }
        let today = CalendarDate(year: 2026, month: 11, day: 24)!
        let plan = DemoHardwarePlan(holders: holders, sites: sites, today: today, tagPrefix: "QM-", seed: 7)
        let again = DemoHardwarePlan(holders: holders, sites: sites, today: today, tagPrefix: "QM-", seed: 7)
        #expect(plan.assets.map(\.serial) == again.assets.map(\.serial))
        #expect(Set(plan.assets.map(\.tag)).count == plan.assets.count)
        #expect(plan.assets.first?.tag == "QM-000001")
        for holder in holders {
            let types = Set(
                plan.assets.filter { $0.holderID == holder.id || ($0.status == .inRepair && $0.siteID == holder.siteID) }.map(\.type))
            #expect(types.contains(.laptop) || plan.assets.contains { $0.status == .inRepair && $0.type == .laptop })
        }
        #expect(plan.assets.filter { $0.type.hasIMEI }.allSatisfy { $0.imei.flatMap(IMEI.normalised) != nil })
        #expect(plan.assets.filter { !$0.type.hasIMEI }.allSatisfy { $0.imei == nil })
        // Held assets are deployed, with exactly one holder; purchases lie in the last five years; Stockholm buys in kronor.
        #expect(plan.assets.filter { $0.status == .deployed }.allSatisfy { ($0.holderID != nil) != ($0.holderSiteID != nil) })
        #expect(plan.assets.allSatisfy { $0.purchaseDate <= today && $0.purchaseDate >= today.adding(months: -61) })
        #expect(plan.assets.filter { $0.siteID == sites[1].id }.allSatisfy { $0.purchaseCost.currency == .sek })
        let models = Dictionary(uniqueKeysWithValues: plan.models.map { ($0.id, $0) })
        for asset in plan.assets where asset.siteID == sites[0].id {
            #expect(asset.purchaseCost.minorUnits == models[asset.modelID]!.listPriceCents)
        }
    }
}
