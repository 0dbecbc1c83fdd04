import Domain
import Fluent
import Foundation
import Testing
import Vapor

@testable import App

@Suite("VLANs and telephone numbers", .serialized)
struct NumberingTests {
    @Test(
        "VLAN ids are unique per site and within 802.1Q; numbers are stored in E.164, unique with their extensions, and given to a person or a device"
    )
    func throughAPIAndPage() async throws {
        try await TestApp.with { app in
            let structure = StructureService(app: app.app, actor: .system)
            let tallinn = try await structure.createSite(
                .init(name: "Tallinn", address: "Narva mnt 7", country: "EE", timeZone: "Europe/Tallinn"))
            let hamburg = try await structure.createSite(
                .init(name: "Hamburg", address: "Jungfernstieg 1", country: "DE", timeZone: "Europe/Berlin"))
            _ = try await EmployeeService(app: app.app, actor: .system).create(
                .init(employeeNumber: "E1", firstName: "Anna", lastName: "Schmidt", status: .active))
            let (_, token) = try await app.token(.itManager)
            let api = APIClient(app, token: token)
            #expect(
                try await api.call(.POST, "/api/v1/vlans", ["siteId": tallinn.id!.uuidString, "vid": 20, "name": "voice"]).status
                    == .created)
            #expect(
                try await api.call(.POST, "/api/v1/vlans", ["siteId": hamburg.id!.uuidString, "vid": 20, "name": "voice"]).status
                    == .created)
            #expect(
                try await api.call(.POST, "/api/v1/vlans", ["siteId": tallinn.id!.uuidString, "vid": 20, "name": "x"]).body.contains(
                    "taken"))
            #expect(
                try await api.call(.POST, "/api/v1/vlans", ["siteId": tallinn.id!.uuidString, "vid": 4095, "name": "x"]).body.contains(
                    "out_of_range"))

            let created = try await api.call(
                .POST, "/api/v1/telephone-numbers", ["number": "0049 (40) 123-456", "extension": "214", "employeeNumber": "E1"])
            #expect(created.status == .created)
            #expect(created.json["number"] as? String == "+4940123456")
            #expect(try await api.call(.POST, "/api/v1/telephone-numbers", ["number": "+49 40 123456"]).body.contains("taken"))
            #expect(
                try await api.call(.POST, "/api/v1/telephone-numbers", ["number": "+49 40 999", "extension": "214"]).body.contains("taken"))
            #expect(try await api.call(.POST, "/api/v1/telephone-numbers", ["number": "040 123456"]).body.contains("phone_invalid"))
            #expect(
                try await api.call(.POST, "/api/v1/telephone-numbers", ["number": "+49 40 1111", "employeeNumber": "E9"]).body.contains(
                    "not_found"))
            #expect(try await api.call(.GET, "/api/v1/telephone-numbers").jsonArray.count == 1)

            let browser = try await app.signedIn(.technician, language: .de)
            let page = try await browser.get("/network/numbering")
            #expect(page.body.contains("+4940123456") && page.body.contains("Anna Schmidt"))
            let bad = try await browser.submit("/network/numbering/phones", ["number": "123"], from: "/network/numbering")
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains("Keine Telefonnummer"))
            #expect(try await AuditEntry.query(on: app.app.db).filter(\.$action == "telephone_number.create").count() == 1)
            let (_, employee) = try await app.token(.employee)
            #expect(try await APIClient(app, token: employee).call(.GET, "/api/v1/vlans").status == .forbidden)
        }
    }
}
