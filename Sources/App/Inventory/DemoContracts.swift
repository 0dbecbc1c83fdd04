import Domain
import Fluent
import Foundation
import Vapor

/// The demo company's vendors and contracts, dated relative to today so that some notice deadlines always fall in the
/// coming weeks: connectivity per site, office software, switch support covering the switches, a printer lease,
/// backup as a service. Loaded through the service (audited), once, after the hardware.
enum DemoContracts {
    static func load(into app: Application) async throws {
        guard try await Vendor.query(on: app.db).count() == 0 else { return }
        let service = ContractService(app: app, actor: .system)
        let today = try await app.organisationToday()
        let vendors = [
            ("Telia", "TS-448120", "Maria Lind", "business@telia.example", "+46 771 99 00 00"),
            ("Elisa", "EE-100377", "Kristjan Saar", "ari@elisa.example", "+372 600 0600"),
            ("Deutsche Telekom", "DT-55-2041", "Jan Krüger", "geschaeftskunden@telekom.example", "+49 800 330 1300"),
            ("Microsoft", "MS-EA-88213", "", "licensing@microsoft.example", ""),
            ("Atea", "AT-20931", "Sofia Berg", "support@atea.example", "+46 8 477 47 00"),
            ("Bechtle", "BE-771002", "Thomas Weber", "service@bechtle.example", "+49 7132 981 0"),
        ]
        var ids: [String: UUID] = [:]
        for (name, account, contact, email, phone) in vendors {
            ids[name] = try await service.createVendor(
                .init(name: name, accountNumber: account, contactName: contact, contactEmail: email, contactPhone: phone)
            ).id
        }
        // The end of a first term a year before the month `monthsAhead` from now: the running term ends then.
        func firstEnd(_ monthsAhead: Int) -> CalendarDate { today.adding(months: monthsAhead).lastOfMonth.adding(months: -12) }
        func tags(_ type: AssetType, limit: Int) async throws -> [String] {
            try await Asset.query(on: app.db).filter(\.$typeRaw == type.rawValue).sort(\.$tagKey).limit(limit).all().map(\.tag)
        }
        let eur = { (euros: Int64) in Money(minorUnits: euros * 100, currency: .eur) }
        let contracts: [ContractService.ContractInput] = [
            .init(
                vendorID: ids["Telia"], title: "Fibre 1 Gbit/s Stockholm", kind: "telecom", reference: "TS-FIB-2291",
                startDate: firstEnd(2).adding(months: -24).adding(days: 1).description, endDate: firstEnd(2).description, noticeValue: 3,
                noticeUnit: "months", autoRenews: true, cost: Money(minorUnits: 890_000, currency: .sek), billingPeriod: "monthly"),
            .init(
                vendorID: ids["Elisa"], title: "Fibre 500 Mbit/s Tallinn", kind: "telecom", reference: "EL-77120",
                startDate: firstEnd(1).adding(months: -12).adding(days: 1).description, endDate: firstEnd(1).description, noticeValue: 30,
                noticeUnit: "days", autoRenews: true, cost: eur(420), billingPeriod: "monthly"),
            .init(
                vendorID: ids["Deutsche Telekom"], title: "Company Connect Hamburg", kind: "telecom", reference: "DT-CC-60311",
                startDate: firstEnd(7).adding(months: -24).adding(days: 1).description, endDate: firstEnd(7).description, noticeValue: 3,
                noticeUnit: "months", autoRenews: true, cost: eur(650), billingPeriod: "monthly"),
            .init(
                vendorID: ids["Microsoft"], title: "Microsoft 365 Business Premium", kind: "saas", reference: "EA-88213-365",
                startDate: firstEnd(3).adding(months: -12).adding(days: 1).description, endDate: firstEnd(3).description, noticeValue: 30,
                noticeUnit: "days", autoRenews: true, cost: eur(31_500), billingPeriod: "yearly"),
            .init(
                vendorID: ids["Atea"], title: "Cisco Smart Net Total Care", kind: "support", reference: "SNTC-4410",
                startDate: firstEnd(5).adding(months: -12).adding(days: 1).description, endDate: firstEnd(5).description, noticeValue: 2,
                noticeUnit: "months", autoRenews: true, cost: eur(5_400), billingPeriod: "yearly",
                assetTags: try await tags(.networkSwitch, limit: 50)),
            .init(
                vendorID: ids["Bechtle"], title: "Printer lease Hamburg", kind: "lease", reference: "BL-2023-118",
                startDate: today.adding(months: -34).description, endDate: today.adding(months: 2).description, noticeValue: 3,
                noticeUnit: "months", autoRenews: false, cost: eur(180), billingPeriod: "quarterly",
                assetTags: try await tags(.printer, limit: 50)),
            .init(
                vendorID: ids["Atea"], title: "Backup as a service", kind: "saas", reference: "BaaS-9021",
                startDate: firstEnd(10).adding(months: -12).adding(days: 1).description, endDate: firstEnd(10).description, noticeValue: 1,
                noticeUnit: "months", autoRenews: true, cost: Money(minorUnits: 1_450_000, currency: .sek), billingPeriod: "quarterly",
                assetTags: try await tags(.server, limit: 50)),
        ]
        for contract in contracts { _ = try await service.createContract(contract) }
    }
}
