import Crypto
import Foundation
import Testing

@testable import Domain

@Suite("Licence compliance and sealed secrets")
struct LicenceComplianceTests {
    let siteA = UUID()
    let siteB = UUID()

    func licence(
        _ kind: LicenceKind, seats: Int?, site: UUID? = nil, cost: Int64? = nil, currency: Currency = .eur,
        billing: LicenceBilling = .yearly, start: String = "2026-01-01", assigned: Int = 0
    ) -> LicenceEntitlement {
        LicenceEntitlement(
            id: UUID(), kind: kind, seats: seats, siteID: site, cost: cost.map { Money(minorUnits: $0, currency: currency) },
            billing: billing, start: CalendarDate(start)!, assigned: assigned)
    }

    /// `count` devices at `site`, held by `people` distinct people in turn (0: nobody holds them).
    func installs(_ count: Int, at site: UUID?, people: Int) -> [SoftwareInstallation] {
        let holders = (0..<people).map { _ in UUID() }
        return (0..<count).map { index in
            SoftwareInstallation(deviceID: UUID(), siteID: site, holderID: people == 0 ? nil : holders[index % people])
        }
    }

    @Test("Per-user subscriptions count people, not devices; unused seats cost their price per year")
    func perUserSurplus() {
        // 50 seats at 625.00 a month (12.50 each); 40 people use it on 46 devices; 38 of them have an assigned seat.
        let position = LicencePosition(
            licences: [licence(.subscription, seats: 50, cost: 62_500, billing: .monthly, assigned: 38)],
            installations: installs(46, at: siteA, people: 40))
        #expect(position.entitled == 50)
        #expect(position.demand == 40)
        #expect(position.surplus == 10)
        #expect(position.shortfall == 0)
        #expect(position.status == .overLicensed)
        #expect(position.surplusCostPerYear == [Money(minorUnits: 150_000, currency: .eur)])
        #expect(position.costPerYear == [Money(minorUnits: 750_000, currency: .eur)])
    }

    @Test("Seats assigned by name are taken even where nothing is installed")
    func assignedWithoutInstallations() {
        let position = LicencePosition(licences: [licence(.perUser, seats: 10, cost: 10_000, assigned: 12)], installations: [])
        #expect(position.demand == 12)
        #expect(position.shortfall == 2)
        #expect(position.status == .underLicensed)
        #expect(position.shortfallCostPerYear == [Money(minorUnits: 2_000, currency: .eur)])
    }

    @Test("A per-device licence counts every device; a shortfall is priced at the newest licence's seat price")
    func perDeviceShortfall() {
        let old = licence(.perDevice, seats: 5, cost: 50_000, start: "2023-01-01")
        let new = licence(.perDevice, seats: 5, cost: 60_000, start: "2025-06-01")
        let position = LicencePosition(licences: [old, new], installations: installs(13, at: siteA, people: 4))
        #expect(position.entitled == 10)
        #expect(position.demand == 13)
        #expect(position.shortfall == 3)
        #expect(position.shortfallCostPerYear == [Money(minorUnits: 36_000, currency: .eur)])
        #expect(position.surplusCostPerYear.isEmpty)
    }

    @Test("With per-device and per-user licences together, devices are what is counted")
    func mixedCountsDevices() {
        let position = LicencePosition(
            licences: [licence(.perUser, seats: 3), licence(.perDevice, seats: 3)], installations: installs(8, at: nil, people: 2))
        #expect(position.demand == 8)
        #expect(position.shortfall == 2)
    }

    @Test("Devices nobody holds count as one user each")
    func unheldDevicesCountAlone() {
        let held = installs(6, at: siteA, people: 2)
        let pool = installs(3, at: siteA, people: 0)
        let position = LicencePosition(licences: [licence(.perUser, seats: 5)], installations: held + pool)
        #expect(position.demand == 5)
        #expect(position.status == .compliant)
    }

    @Test("A site licence covers its site only; installations elsewhere need seats")
    func siteLicence() {
        let position = LicencePosition(
            licences: [licence(.site, seats: nil, site: siteA, cost: 200_000)],
            installations: installs(30, at: siteA, people: 30) + installs(2, at: siteB, people: 2) + installs(1, at: nil, people: 1))
        #expect(position.coveredBySite == 30)
        #expect(position.entitled == nil)
        #expect(position.demand == 3)
        #expect(position.shortfall == 3)
        #expect(position.status == .underLicensed)
        #expect(position.shortfallCostPerYear.isEmpty)  // no seat price to go by
        #expect(position.costPerYear == [Money(minorUnits: 200_000, currency: .eur)])
        let covered = LicencePosition(
            licences: [licence(.site, seats: nil, site: siteA), licence(.site, seats: nil, site: siteB)],
            installations: installs(4, at: siteA, people: 4) + installs(2, at: siteB, people: 2))
        #expect(covered.status == .compliant)
        #expect(covered.demand == 0)
    }

    @Test("Concurrent seats make installations free and count as in use; named seats beside them can still be idle")
    func concurrent() {
        let only = LicencePosition(
            licences: [licence(.concurrent, seats: 5, cost: 100_000)], installations: installs(40, at: siteA, people: 40))
        #expect(only.demand == 5)
        #expect(only.status == .compliant)
        let mixed = LicencePosition(
            licences: [licence(.concurrent, seats: 5, cost: 100_000), licence(.perUser, seats: 10, cost: 20_000, assigned: 3)],
            installations: installs(40, at: siteA, people: 40))
        #expect(mixed.demand == 8)
        #expect(mixed.surplus == 7)
        #expect(mixed.surplusCostPerYear == [Money(minorUnits: 14_000, currency: .eur)])
    }

    @Test("Surplus is the dearest seats, kept apart per currency; one-time purchases waste nothing recurring")
    func surplusPricing() {
        // 12 people; 10 cheap seats in SEK, 10 dear ones in EUR, 5 perpetual ones.
        let sek = licence(.perUser, seats: 10, cost: 100_000, currency: .sek)
        let eur = licence(.perUser, seats: 10, cost: 40_000)
        let perpetual = licence(.perUser, seats: 5, cost: 90_000, billing: .oneTime)
        let position = LicencePosition(licences: [sek, eur, perpetual], installations: installs(12, at: siteA, people: 12))
        #expect(position.surplus == 13)
        // The unpriced-recurring perpetual seats fill first (nothing to save on them), then EUR (ordered before SEK by
        // code): 5 perpetual + 7 EUR used; 3 EUR and all 10 SEK idle.
        #expect(position.surplusCostPerYear == [Money(minorUnits: 12_000, currency: .eur), Money(minorUnits: 100_000, currency: .sek)])
        #expect(position.costPerYear == [Money(minorUnits: 40_000, currency: .eur), Money(minorUnits: 100_000, currency: .sek)])
    }

    @Test("Seat prices round half up to the minor unit")
    func seatRounding() {
        let licence = licence(.perUser, seats: 3, cost: 1_000)
        #expect(licence.yearlyCost(ofSeats: 1) == Money(minorUnits: 333, currency: .eur))
        #expect(licence.yearlyCost(ofSeats: 2) == Money(minorUnits: 667, currency: .eur))
        #expect(licence.yearlyCost(ofSeats: 3) == Money(minorUnits: 1_000, currency: .eur))
    }

    @Test("Installed without any licence is unlicensed; neither installed nor licensed is unused")
    func statuses() {
        #expect(LicencePosition(licences: [], installations: installs(2, at: siteA, people: 1)).status == .unlicensed)
        #expect(LicencePosition(licences: [], installations: installs(2, at: siteA, people: 1)).demand == 2)
        #expect(LicencePosition(licences: [], installations: []).status == .unused)
    }

    @Test("A sealed secret opens with its key and record only; damage is detected")
    func secretBox() throws {
        let box = try SecretBox(base64Key: SecretBox.newKeyBase64())
        let sealed = try box.seal("XXXXX-AAAAA-BBBBB", boundTo: "licence-1")
        #expect(!sealed.contains("AAAAA"))
        #expect(try box.open(sealed, boundTo: "licence-1") == "XXXXX-AAAAA-BBBBB")
        #expect(try box.seal("same", boundTo: "x") != box.seal("same", boundTo: "x"))  // a fresh nonce every time
        #expect(throws: SecretBox.Failure.cannotOpen) { try box.open(sealed, boundTo: "licence-2") }
        let other = try SecretBox(base64Key: SecretBox.newKeyBase64())
        #expect(throws: SecretBox.Failure.cannotOpen) { try other.open(sealed, boundTo: "licence-1") }
        var bytes = Array(sealed)
        bytes[10] = bytes[10] == "A" ? "B" : "A"
        #expect(throws: SecretBox.Failure.cannotOpen) { try box.open(String(bytes), boundTo: "licence-1") }
        #expect(throws: SecretBox.Failure.badKey) { try SecretBox(base64Key: "c2hvcnQ=") }
    }
}
