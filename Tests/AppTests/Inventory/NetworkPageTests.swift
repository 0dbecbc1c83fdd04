import Domain
import Fluent
import Foundation
import Testing
import Vapor

@testable import App

@Suite("Network pages")
struct NetworkPageTests {
    @Test("A technician records a prefix and an address in the browser; the address form offers the next free address")
    func recordInTheBrowser() async throws {
        try await TestApp.with { app in
            let browser = try await app.signedIn(.technician)
            let created = try await browser.submit("/network", ["prefix": "10.7.0.0/24", "status": "active", "description": "Hamburg LAN"])
            #expect(created.status == .seeOther)
            let location = try #require(created.headers.first(name: .location))
            #expect(location.hasPrefix("/network/prefixes/"))
            let path = String(location.split(separator: "?")[0])

            let detail = try await browser.get(path)
            #expect(detail.status == .ok)
            #expect(detail.body.contains(#"<code id="next-free">10.7.0.1</code>"#))
            #expect(detail.formValue("address") == "10.7.0.1")
            let added = try await browser.submit(
                path + "/addresses", ["address": "10.7.0.1", "dnsName": "gw.hamburg", "status": "active"], from: path)
            #expect(added.status == .seeOther)
            let after = try await browser.get(path)
            #expect(after.body.contains("<code>10.7.0.1</code>"))
            #expect(after.body.contains(#"<code id="next-free">10.7.0.2</code>"#))
            #expect(after.body.contains("1 of 254 usable addresses"))

            let list = try await browser.get("/network")
            #expect(list.body.contains("Hamburg LAN"))
            #expect(list.body.contains("0.4%"))
        }
    }

    @Test("A prefix with host bits set is refused in the reader's language and nothing is stored; an employee may not look")
    func refusals() async throws {
        try await TestApp.with { app in
            let browser = try await app.signedIn(.itManager, language: .de)
            let refused = try await browser.submit("/network", ["prefix": "10.7.0.9/24", "status": "active", "description": ""])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains(#"id="prefix-error">Im Präfix sind Bits hinter der Präfixlänge gesetzt"#))
            #expect(refused.body.contains(#"value="10.7.0.9/24""#))
            #expect(try await app.count(IPPrefixRecord.self) == 0)

            let employee = try await app.signedIn(.employee)
            #expect(try await employee.get("/network").status == .forbidden)
        }
    }

    @Test(
        "In the browser a technician edits a prefix and an address, a stale form is refused without losing the newer change, and removes both"
    )
    func editInTheBrowser() async throws {
        try await TestApp.with { app in
            let ipam = IPAMService(app: app.app, actor: .system)
            let prefix = try await ipam.createPrefix(.init(prefix: "10.7.0.0/24", description: "Hamburg LAN"))
            let address = try await ipam.createAddress(.init(address: "10.7.0.10/24", dnsName: "nas.hamburg"))
            let browser = try await app.signedIn(.technician, language: .sv)
            let prefixPath = "/network/prefixes/\(prefix.id!)"
            let addressPath = "/network/addresses/\(address.id!)"

            let listed = try await browser.get(prefixPath)
            #expect(listed.body.contains(#"<a href="\#(addressPath)"><code>10.7.0.10</code></a>"#))
            let page = try await browser.get(addressPath)
            #expect(page.status == .ok)
            #expect(page.body.contains(#"<a href="\#(prefixPath)">10.7.0.0/24</a>"#))
            #expect(page.formValue("address") == "10.7.0.10/24")

            let saved = try await browser.submit(
                addressPath,
                ["address": "10.7.0.11/24", "dnsName": "nas2.hamburg", "status": "reserved", "description": "", "version": "1"],
                from: addressPath)
            #expect(saved.status == .seeOther)
            let stale = try await browser.submit(
                addressPath, ["address": "10.7.0.12", "dnsName": "", "status": "active", "description": "", "version": "1"],
                from: addressPath)
            #expect(stale.status == .conflict)
            #expect(stale.body.contains(app.app.services.localizer.text("form.stale", .sv)))
            #expect(stale.formValue("address") == "10.7.0.11/24")
            let stored = try #require(try await IPAddressRecord.find(address.id!, on: app.app.db))
            #expect(stored.addressText == "10.7.0.11" && stored.dnsName == "nas2.hamburg" && stored.status == "reserved")

            let bad = try await browser.submit(
                prefixPath, ["prefix": "10.7.0.1/24", "status": "active", "siteId": "", "vlanId": "", "description": "", "version": "1"],
                from: prefixPath)
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains(#"id="prefix-error">\#(app.app.services.localizer.text("validation.host_bits_set", .sv))"#))
            let renamed = try await browser.submit(
                prefixPath,
                ["prefix": "10.7.0.0/23", "status": "active", "siteId": "", "vlanId": "", "description": "Hamburg", "version": "1"],
                from: prefixPath)
            #expect(renamed.status == .seeOther)
            #expect(try await browser.get(prefixPath).body.contains("<h1>10.7.0.0/23</h1>"))

            let removed = try await browser.submit(addressPath + "/remove", ["version": "2", "confirm": "yes"], from: addressPath)
            #expect(removed.status == .seeOther)
            #expect(removed.headers.first(name: .location) == prefixPath + "?done=removed")
            #expect(
                try await browser.get(prefixPath + "?done=removed").body.contains(app.app.services.localizer.text("flash.removed", .sv)))
            #expect(try await app.count(IPAddressRecord.self) == 0)
            #expect(
                try await browser.submit(prefixPath + "/remove", ["version": "1", "confirm": "yes"], from: prefixPath).status == .conflict)
            #expect(
                try await browser.submit(prefixPath + "/remove", ["version": "2", "confirm": "yes"], from: prefixPath).status == .seeOther)
            #expect(try await app.count(IPPrefixRecord.self) == 0)

            let employee = try await app.signedIn(.employee)
            #expect(try await employee.get(addressPath).status == .forbidden)
        }
    }
}
