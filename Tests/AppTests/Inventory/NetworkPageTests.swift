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
}
