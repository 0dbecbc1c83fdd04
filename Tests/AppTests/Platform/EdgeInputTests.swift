import Domain
import Fluent
import Foundation
import Testing
import Vapor

@testable import App

/// Input at the edges, as found by trying Quartermaster as a user and an attacker would (issue 18).
@Suite("Input at the edges")
struct EdgeInputTests {
    @Test("The largest and smallest integers as offset and limit on every list answer 422 and the server keeps serving")
    func extremePaging() async throws {
        try await TestApp.with { app in
            let browser = try await app.signedIn(.administrator)
            let (_, token) = try await app.token(.administrator, scope: .read)
            let api = APIClient(app, token: token)
            var lists = 0
            for route in app.app.routes.all where route.method == .GET {
                let path = "/" + route.path.map { $0.description }.joined(separator: "/")
                guard !path.contains(":"), !path.contains("*"), route.access != .public else { continue }
                for value in [Int.max, Int.min] {
                    for parameter in ["offset", "limit", "page"] {
                        let url = "\(path)?\(parameter)=\(value)"
                        let response = path.hasPrefix("/api/") ? try await api.call(.GET, url) : try await browser.get(url)
                        #expect(response.status.code < 500, "\(url) answered \(response.status)")
                        if response.status == .unprocessableEntity { lists += 1 }
                    }
                }
            }
            #expect(lists >= 30, "only \(lists) lists refused an extreme paging parameter")
            #expect(try await browser.get("/healthz").status == .ok)
            let deep = try await api.call(.GET, "/api/v1/users?offset=\(ListQuery.maximumOffset)")
            #expect(deep.status == .ok && (deep.json["items"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("Every list's filter form, sent with its defaults (All, empty search), shows the list")
    func filtersWithDefaults() async throws {
        try await TestApp.with { app in
            try await DemoData.load(into: app.app)
            let browser = try await app.signedIn(.administrator)
            var forms = 0
            for page in [
                "/employees", "/hardware", "/admin/users", "/admin/audit", "/monitoring/checks", "/network/lookup", "/hardware/stocktake",
                "/hardware/forecast", "/deadlines", "/search", "/monitoring/uptime", "/usage",
            ] {
                let html = try await browser.get(page)
                #expect(html.status == .ok, "\(page)")
                for form in FilterForm.all(in: html.body) {
                    forms += 1
                    let response = try await browser.get(form.defaultURL)
                    #expect(response.status == .ok, "\(form.defaultURL) from \(page) answered \(response.status)")
                }
            }
            #expect(forms >= 12)
            let bad = try await browser.get("/hardware?site=abc")
            #expect(bad.status == .unprocessableEntity)
            let api = try await browser.json(.GET, "/api/v1/employees?department=&site=&status=&limit=")
            #expect(api.status == .ok)
            let wrong = try await browser.json(.GET, "/api/v1/employees?department=abc")
            #expect(wrong.status == .unprocessableEntity)
            #expect((wrong.json["invalidParams"] as? [[String: Any]])?.first?["name"] as? String == "department")
        }
    }

    @Test("A form of many kilobytes reaches its handler: a long name gets the validation error, not an expired form")
    func largeForms() async throws {
        try await TestApp.with { app in
            let browser = try await app.signedIn(.peopleOfficer)
            let response = try await browser.submit(
                "/employees",
                [
                    "employeeNumber": "E010", "firstName": String(repeating: "Ä", count: 5_000), "lastName": "Lill", "status": "active",
                ], from: "/employees/new")
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.contains(#"id="firstName-error""#))
        }
    }

    @Test("An upload of a megabyte reaches the import check instead of being refused as an expired form")
    func largeUpload() async throws {
        try await TestApp.with { app in
            let browser = try await app.signedIn(.peopleOfficer)
            let form = try await browser.get("/employees/import")
            let boundary = "qm-boundary"
            var csv =
                "employee_number,first_name,last_name,work_email,phone,job_title,department,site,manager_number,start_date,end_date,status\r\n"
            var row = 0
            while csv.utf8.count < 1_048_576 {
                row += 1
                csv += "E\(100_000 + row),Mari\(row),Maasikas,,,,,,,,,active\r\n"
            }
            let body =
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(form.formValue("_csrf") ?? "")\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"action\"\r\n\r\ncheck\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"people.csv\"\r\nContent-Type: text/csv\r\n\r\n\(csv)\r\n"
                + "--\(boundary)--\r\n"
            let checked = try await browser.request(
                .POST, "/employees/import", body: body, contentType: "multipart/form-data; boundary=\(boundary)")
            #expect(checked.status == .ok)
            #expect(checked.body.contains("would create"), "\(row) rows")
        }
    }

    @Test("A remove button asks first, keeps the version read, and removes only when confirmed")
    func removalAsksFirst() async throws {
        try await TestApp.with { app in
            let prefix = try await IPAMService(app: app.app, actor: .system).createPrefix(.init(prefix: "10.7.0.0/24"))
            let browser = try await app.signedIn(.technician)
            let path = "/network/prefixes/\(prefix.id!)"
            let asked = try await browser.submit(path + "/remove", ["version": "1"], from: path)
            #expect(asked.status == .ok)
            #expect(asked.body.contains("Remove this?") && asked.body.contains(#"name="version" value="1""#))
            #expect(asked.body.contains(#"name="confirm" value="yes""#))
            #expect(try await IPPrefixRecord.find(prefix.id, on: app.app.db) != nil)
            let removed = try await browser.submit(path + "/remove", ["version": "1", "confirm": "yes"], from: path)
            #expect(removed.status == .seeOther)
            #expect(try await IPPrefixRecord.find(prefix.id, on: app.app.db) == nil)
        }
    }

    @Test("An address added on a prefix's page outside that prefix is refused there and in the API")
    func addressOutsideItsPrefix() async throws {
        try await TestApp.with { app in
            let prefix = try await IPAMService(app: app.app, actor: .system).createPrefix(.init(prefix: "10.20.1.0/24"))
            let browser = try await app.signedIn(.technician)
            let path = "/network/prefixes/\(prefix.id!)"
            let refused = try await browser.submit(path + "/addresses", ["address": "10.99.0.1", "status": "active"], from: path)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("This address is not inside the prefix."))
            let (_, token) = try await app.token(.technician)
            let api = APIClient(app, token: token)
            let outside = try await api.call(.POST, "/api/v1/ip/addresses", ["address": "10.99.0.1", "prefixId": prefix.id!.uuidString])
            #expect(outside.status == .unprocessableEntity)
            #expect((outside.json["invalidParams"] as? [[String: Any]])?.first?["code"] as? String == "outside_prefix")
            let inside = try await api.call(.POST, "/api/v1/ip/addresses", ["address": "10.20.1.9", "prefixId": prefix.id!.uuidString])
            #expect(inside.status == .created)
        }
    }

    @Test("The executive's forecast, risks and dashboard name assets without linking to pages they may not open")
    func noLinksToForbiddenPages() async throws {
        try await TestApp.with { app in
            try await DemoData.load(into: app.app)
            let executive = try await app.signedIn(.executive)
            for page in ["/hardware/forecast", "/monitoring/risks", "/dashboard", "/monitoring/uptime", "/monitoring/tasks"] {
                let body = try await executive.get(page).body
                let links = body.matches(of: #/href="(/[^"?#]*)/#).map { String($0.1) }
                for link in Set(links) where !link.hasPrefix("/assets/") {
                    let status = try await executive.get(link).status
                    #expect(status != .forbidden, "\(page) links \(link)")
                }
            }
            let forecast = try await executive.get("/hardware/forecast").body
            #expect(forecast.contains("<tr><td>") && !forecast.contains(#"<tr><td><a href="/hardware/"#))
            let manager = try await app.signedIn(.itManager).get("/hardware/forecast").body
            #expect(manager.contains(#"<tr><td><a href="/hardware/"#))
        }
    }

    @Test("Control characters in a JSON body, a form or a query are refused naming the field; nested unknown members too")
    func controlCharactersAndNestedMembers() async throws {
        try await TestApp.with { app in
            let (_, token) = try await app.token(.administrator)
            let api = APIClient(app, token: token)
            let nul = try await api.call(
                .POST, "/api/v1/sites", ["name": "a\u{0}b", "address": "x", "country": "EE", "timeZone": "Europe/Tallinn"])
            #expect(nul.status == .unprocessableEntity)
            #expect((nul.json["invalidParams"] as? [[String: Any]])?.first?["name"] as? String == "name")
            #expect(try await Site.query(on: app.app.db).count() == 0)
            let search = try await api.call(.GET, "/api/v1/search?q=ab%00")
            #expect(search.status == .unprocessableEntity)
            let patch = try await api.raw(.POST, "/api/v1/sites", body: "[]", contentType: "application/json-patch+json")
            #expect(patch.status == .unsupportedMediaType)
            let latin = try await api.raw(
                .POST, "/api/v1/sites", body: #"{"name":"x","address":"x","country":"EE","timeZone":"Europe/Tallinn"}"#,
                contentType: "application/json; charset=iso-8859-1")
            #expect(latin.status == .unsupportedMediaType)
            let browser = try await app.signedIn(.peopleOfficer)
            let form = try await browser.submit(
                "/employees", ["employeeNumber": "E1", "firstName": "A\u{1B}[31m", "lastName": "B"], from: "/employees/new")
            #expect(form.status == .unprocessableEntity)
            let long = try await Browser(app).get("/" + String(repeating: "a", count: 300))
            #expect(long.status == .notFound)
            let vendor = try await api.call(.POST, "/api/v1/vendors", ["name": "Evil", "website": "javascript:alert(1)"])
            #expect(vendor.status == .unprocessableEntity)
            let nested = try await api.call(
                .POST, "/api/v1/assets", ["tag": "X-1", "purchaseCost": ["minorUnits": 100, "currency": "EUR", "isAdmin": true]])
            #expect(nested.status == .badRequest)
            #expect((nested.json["invalidParams"] as? [[String: Any]])?.first?["name"] as? String == "purchaseCost.isAdmin")
        }
    }

    @Test("The Art. 15 export and page list the equipment a person holds with its receipt, and their usage; the demo has numbers")
    func personalDataAndDemoNumbers() async throws {
        try await TestApp.with { app in
            try await DemoData.load(into: app.app)
            let employee = Browser(app)
            #expect(try await employee.signIn(email: "employee@demo.example", password: DemoData.password).status == .seeOther)
            let data = try await employee.json(.GET, "/api/v1/me/data")
            let equipment = data.json["equipment"] as? [[String: Any]] ?? []
            #expect(!equipment.isEmpty && equipment.allSatisfy { $0["receiptConfirmedAt"] == nil })
            #expect(data.json["usage"] is [String: Any])
            let page = try await employee.get("/me/data").body
            #expect(page.contains("Equipment you hold") && page.contains("Receipt not yet confirmed"))
            #expect(try await TelephoneNumber.query(on: app.app.db).count() >= 9)
            #expect(try await app.signedIn(.itManager).get("/network/numbering").body.contains("+372"))
        }
    }

    @Test("A usage report asked for with a bad date explains the date, and does not claim nothing is collected")
    func usageReportWithBadDate() async throws {
        try await TestApp.with { app in
            try await UsageTesting.enable(app, UsageTesting.everything)
            let page = try await app.signedIn(.seniorITManager).get("/usage?from=2026-13-01")
            #expect(page.status == .unprocessableEntity)
            #expect(!page.body.contains("Nothing is collected yet"))
        }
    }

    @Test("An API write without credentials answers 401, as documented, not a CSRF refusal")
    func anonymousAPIWrite() async throws {
        try await TestApp.with { app in
            let response = try await Browser(app).json(.POST, "/api/v1/sites", ["name": "Tartu"])
            #expect(response.status == .unauthorized)
            #expect(response.json["code"] as? String == "unauthenticated")
            let (_, token) = try await app.token(.administrator)
            let delete = try await APIClient(app, token: token).call(.DELETE, "/api/v1/sites")
            #expect(delete.status == .methodNotAllowed)
            #expect(delete.headers.first(name: "Allow") == "GET, POST, HEAD")
        }
    }
}

/// A `<form method="get">` as a browser would send it untouched: each field with its initial value, each select with
/// its selected (or first) option.
struct FilterForm {
    let action: String
    let fields: [(String, String)]

    var defaultURL: String {
        var components = URLComponents()
        components.path = action
        components.queryItems = fields.map { URLQueryItem(name: $0.0, value: $0.1) }
        return components.string ?? action
    }

    static func all(in html: String) -> [FilterForm] {
        html.matches(of: #/<form method="get" action="([^"]+)"[^>]*>(.*?)</form>/#.dotMatchesNewlines()).map { match in
            let action = String(match.1)
            let body = String(match.2)
            var fields: [(String, String)] = []
            for input in body.matches(of: #/<input([^>]*)>/#) {
                let attributes = String(input.1)
                guard let name = attribute("name", attributes), attribute("type", attributes) != "checkbox" else { continue }
                fields.append((name, attribute("value", attributes) ?? ""))
            }
            for select in body.matches(of: #/<select([^>]*)>(.*?)</select>/#.dotMatchesNewlines()) {
                guard let name = attribute("name", String(select.1)) else { continue }
                let options = select.2.matches(of: #/<option([^>]*)>/#).map { String($0.1) }
                let chosen = options.first { $0.contains("selected") } ?? options.first ?? ""
                fields.append((name, attribute("value", chosen) ?? ""))
            }
            return FilterForm(action: action, fields: fields)
        }
    }

    private static func attribute(_ name: String, _ attributes: String) -> String? {
        guard let match = attributes.firstMatch(of: try! Regex(#"\b"# + name + #"="([^"]*)""#)) else { return nil }
        return (match.output[1].substring).map { String($0).replacingOccurrences(of: "&amp;", with: "&") }
    }
}
