import Domain
import Fluent
import Foundation
import Testing
import Vapor

@testable import App

@Suite("Licence and installation import and export", .serialized)
struct SoftwareImportTests {
    static let licenceHeader =
        "publisher,product,name,kind,seats,site,vendor,cost,currency,billing,start_date,renewal_date,auto_renews,renewal_months,order_number,cost_centre,notes,key\r\n"

    /// The small organisation, laptop LT-1 held by Kadri, and the product Microsoft 365 Apps.
    private func setUp(_ app: TestApp) async throws -> SoftwareProduct {
        let org = try await SmallOrganisation.make(app)
        let assets = AssetService(app: app.app, actor: .system)
        let model = try await assets.createModel(.init(manufacturer: "Lenovo", name: "T14", type: "laptop"))
        let laptop = try await assets.create(.init(tag: "LT-1", modelID: model.id, siteID: org.site.id))
        _ = try await assets.move(laptop.id!, expectedVersion: 1, .init(to: "deployed", holder: .employee(org.kadri.id!)))
        return try await SoftwareService(app: app.app, actor: .system).createProduct(
            .init(publisher: "Microsoft", name: "365 Apps", category: "office"))
    }

    @Test("Licences: checked row by row, keys sealed and never exported, seats not below those assigned; export re-imports")
    func licences() async throws {
        try await TestApp.with { app in
            _ = try await setUp(app)
            let service = LicenceImport(app: app.app, actor: .system)
            let csv =
                Self.licenceHeader + """
                    Microsoft,365 Apps,E3 2026,per_user,2,,,396.00,EUR,yearly,2026-01-01,2026-12-31,yes,12,PO-1,,,AAAA-BBBB\r
                    Microsoft,Visio,Plan 1,per_user,5,,,,,yearly,2026-01-01,,no,12,,,,\r
                    Microsoft,365 Apps,Site,site,,Atlantis,,,,yearly,2026-01-01,,maybe,12,,,,\r
                    Microsoft,365 Apps,E3 2026,per_user,2,,,,,yearly,2026-01-01,,,,,,,\r

                    """
            let report = try await service.run(Array(csv.utf8), commit: true, mode: .validRowsOnly, language: .en)
            #expect(
                report.errors.map { "\($0.row) \($0.column) \($0.code)" }
                    == ["3 product not_found", "4 auto_renews invalid", "4 site not_found", "5 name duplicate_in_file"])
            #expect(report.committed && (report.created, report.skipped) == (1, 3))
            let licence = try #require(try await Licence.query(on: app.app.db).first())
            #expect(licence.seats == 2 && licence.autoRenews && licence.cost?.plainDecimal == "396.00")
            #expect(try await SoftwareService(app: app.app, actor: .system).revealKey(licence.id!) == "AAAA-BBBB")

            // The export has no key; re-importing it keeps the key and changes nothing.
            let exported = String(decoding: try await LicenceTable.export(on: app.app.db, format: .csv), as: UTF8.self)
            #expect(!exported.contains("AAAA") && !exported.hasSuffix(",key\r\n"))
            let again = try await service.run(Array(exported.utf8), commit: true, language: .en)
            #expect(again.errors.isEmpty && (again.created, again.updated, again.unchanged) == (0, 0, 1))
            #expect(try await SoftwareService(app: app.app, actor: .system).revealKey(licence.id!) == "AAAA-BBBB")

            // Two seats are assigned: the file may not take them below that.
            let software = SoftwareService(app: app.app, actor: .system)
            _ = try await software.assign(licence: licence.id!, employeeNumber: "E001", assetTag: nil)
            _ = try await software.assign(licence: licence.id!, employeeNumber: "E002", assetTag: nil)
            let fewer = try await service.run(
                Array("publisher,product,name,seats\r\nMicrosoft,365 Apps,E3 2026,1\r\n".utf8), commit: true, language: .en)
            #expect(fewer.errors.map(\.code) == ["below_assigned"])
            let more = try await service.run(
                Array("publisher,product,name,seats\r\nMicrosoft,365 Apps,E3 2026,10\r\n".utf8), commit: true, language: .en)
            #expect(more.errors.isEmpty && more.updated == 1)
            #expect(try await Licence.find(licence.id, on: app.app.db)?.seats == 10)
            #expect(try await AuditEntry.query(on: app.app.db).filter(\.$action == "licence.update").count() == 1)

            let (_, token) = try await app.token(.technician)
            let api = APIClient(app, token: token)
            #expect(try await api.call(.GET, "/api/v1/licences/export?format=json").jsonArray.count == 1)
            let (_, executive) = try await app.token(.executive)
            #expect(
                try await APIClient(app, token: executive).raw(.POST, "/api/v1/licences/import", body: exported, contentType: "text/csv")
                    .status
                    == .forbidden)
        }
    }

    @Test("Installations: recorded by device and product, unknown products created, versions updated; export re-imports")
    func installations() async throws {
        try await TestApp.with { app in
            _ = try await setUp(app)
            let service = InstallationImport(app: app.app, actor: .system)
            let csv = """
                device,publisher,product,category,version,installed_on\r
                lt-1,Microsoft,365 Apps,,16.0.1,2026-02-01\r
                LT-1,Mozilla,Firefox,utility,128.0,\r
                LT-9,Mozilla,Firefox,,128.0,\r
                LT-1,Mozilla,Firefox,,129.0,\r
                LT-1,Adobe,Reader,toy,1,2026-13-01\r

                """
            let dry = try await service.run(Array(csv.utf8), commit: false, language: .en)
            #expect(
                dry.errors.map { "\($0.row) \($0.column) \($0.code)" }
                    == ["4 device not_found", "5 product duplicate_in_file", "6 category invalid", "6 installed_on date_invalid"])
            #expect(try await SoftwareInstall.query(on: app.app.db).count() == 0)
            let report = try await service.run(Array(csv.utf8), commit: true, mode: .validRowsOnly, language: .en)
            #expect(report.committed && (report.created, report.skipped) == (2, 3))
            let firefox = try #require(try await SoftwareProduct.query(on: app.app.db).filter(\.$name == "Firefox").first())
            #expect(firefox.category == .utility)
            #expect(try await AuditEntry.query(on: app.app.db).filter(\.$action == "software_product.install").count() == 2)

            let exported = String(decoding: try await InstallationTable.export(on: app.app.db, format: .csv), as: UTF8.self)
            #expect(exported.contains("LT-1,Mozilla,Firefox,utility,128.0,"))
            let again = try await service.run(Array(exported.utf8), commit: true, language: .en)
            #expect(again.errors.isEmpty && (again.created, again.updated, again.unchanged) == (0, 0, 2))
            let newer = try await service.run(
                Array("device,product,publisher,version\r\nLT-1,Firefox,Mozilla,130.0\r\n".utf8), commit: true, language: .en)
            #expect(newer.errors.isEmpty && newer.updated == 1)
            #expect(try await SoftwareInstall.query(on: app.app.db).filter(\.$productID == firefox.id!).first()?.productVersion == "130.0")

            let (_, token) = try await app.token(.technician)
            let api = APIClient(app, token: token)
            let viaAPI = try await api.raw(
                .POST, "/api/v1/software/installations/import?commit=true", body: "device,product\r\nLT-1,Unknown Tool\r\n",
                contentType: "text/csv")
            #expect(viaAPI.status == .ok && viaAPI.json["created"] as? Int == 1)
            #expect(try await api.call(.GET, "/api/v1/software/installations/export").body.contains("LT-1,,Unknown Tool,other,,"))
            let browser = try await app.signedIn(.technician, language: .et)
            #expect(try await browser.get("/software").body.contains("href=\"/software/installations/import\""))
            #expect(try await browser.get("/licences").body.contains("href=\"/licences/import\""))
            #expect(try await browser.get("/licences/import").body.contains("Impordi litsentsid"))
            let (_, employee) = try await app.token(.employee)
            #expect(try await APIClient(app, token: employee).call(.GET, "/api/v1/software/installations/export").status == .forbidden)
        }
    }
}
