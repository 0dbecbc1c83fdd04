import Domain
import Foundation
import Leaf
import LeafKit
import Testing
import Vapor

@testable import App

/// The design system's controls (`Sources/App/Platform/Web/Components.swift`): one way to write a field, used by every
/// form, so what a screen reader hears about a refused value is the same everywhere.
@Suite("Design system: fields, choices and their errors")
struct ComponentTests {
    @Test("A control's options give its type, flags and attributes, escaped; an id may differ from the name")
    func options() {
        let options = Components.Options("email required size=30 id=work-mail placeholder=a\"b")
        #expect(options.type == "email" && options.id == "work-mail")
        #expect(options.attributes == #" type="email" required size="30" placeholder="a&quot;b""#)
        #expect(Components.Options("numeric size=6").attributes == #" inputmode="numeric" size="6""#)
        #expect(Components.Options("").attributes == "")
        // A word that is neither a type, a flag nor an attribute is ignored rather than written into the page.
        #expect(Components.Options("onclick\"=x <b>").attributes == "")
        #expect(Components.Options("onclick=alert(1) style=color:red size=3").attributes == #" size="3""#)
        #expect(Components.escape(#"<a href="x">&'"#) == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;")
    }

    @Test("A refused form: each field tied to its label and its error, in the reader's language, values kept and escaped")
    func refusedForm() async throws {
        try await TestApp.with { app in
            let browser = try await app.signedIn(.itManager, language: .de)
            let page = try await browser.submit(
                "/employees", ["employeeNumber": "", "firstName": #"Ann "<b>""#, "lastName": "Lee", "workEmail": "not-mail"],
                from: "/employees/new")
            #expect(page.status == .unprocessableEntity)
            let body = page.body
            #expect(body.contains(#"<label for="workEmail">"#))
            #expect(
                body.contains(
                    #"<input id="workEmail" name="workEmail" value="not-mail" type="email" aria-invalid="true" aria-describedby="workEmail-error">"#
                ))
            #expect(body.contains(#"<span class="field-error" id="workEmail-error">"#))
            #expect(body.contains(#"id="employeeNumber" name="employeeNumber" value="" required aria-invalid="true""#))
            #expect(body.contains(#"value="Ann &quot;&lt;b&gt;&quot;""#) && !body.contains("<b>\""))
            // The first name was fine: no error, nothing that points at one.
            #expect(!body.contains("firstName-error"))
            // Labels and the empty choice come from the German catalogue.
            let localizer = app.app.services.localizer
            #expect(body.contains(">\(localizer.text("employees.work_email", .de))</label>"))
            #expect(body.contains(#"<select id="departmentId" name="departmentId"><option value="">–</option>"#))
        }
    }

    @Test("A hint is announced with its field; a filter row keeps its values and its 'all' choice")
    func hintsAndFilters() async throws {
        try await TestApp.with { app in
            let browser = try await app.signedIn(.administrator)
            let settings = try await browser.get(Paths.adminNotifications.rawValue).body
            #expect(
                settings.contains(#"aria-describedby="publicURL-hint">"#) && settings.contains(#"<span class="hint" id="publicURL-hint">"#))
            let list = try await browser.get("/employees?q=%22quoted%22&status=left").body
            #expect(list.contains(#"<input id="q" name="q" value="&quot;quoted&quot;" type="search">"#))
            #expect(list.contains(#"<option value="left" selected>"#))
            #expect(list.contains(#"<select id="department" name="department"><option value="">All</option>"#))
        }
    }

    @Test("Labels with arguments, values from the page, datalists, fixed choices, a currency select and choice groups")
    func extensions() async throws {
        try await TestApp.with { app in
            let choices: LeafData = .array([
                .dictionary(["value": "laptop-1", "label": "T14", "type": "laptop", "selected": true]),
                .dictionary(["value": "m-1", "label": "P27", "type": "monitor", "selected": false]),
            ])
            let context: [String: LeafData] = [
                "zone": "Europe/Tallinn", "today": "2026-12-07", "n": 2, "zones": ["Europe/Tallinn", "Europe/Berlin"],
                "models": choices, "currencies": .array([.dictionary(["value": "EUR", "label": "EUR", "selected": true])]),
                "languages": .array([.dictionary(["code": "de", "name": "Deutsch", "selected": true])]),
                "topics": .array([.dictionary(["value": "deadlines", "label": "Deadlines", "selected": true])]),
                "schemes": .array([.dictionary(["value": "dark", "label": "Dark", "selected": true])]),
            ]
            func render(_ template: String) async throws -> String { try await Self.render(template, context, app: app.app, language: .de) }
            // A label with arguments is passed translated; a value from the page is joined onto the options, and
            // parentheses build a name from a number.
            let starts = try await render(
                #"#field(("step." + n) + ".value", t("maintenance.starts", "zone", zone), "", "", "date max=" + today)"#)
            let label = app.app.services.localizer.text("maintenance.starts", .de, ["zone": "Europe/Tallinn"])
            #expect(starts.contains(#"<label for="step.2.value">\#(label)</label>"#))
            #expect(starts.contains(#"<input id="step.2.value" name="step.2.value" value="" type="date" max="2026-12-07">"#))
            // A quoted value keeps its spaces; suggestions become the field's datalist.
            let picker = try await render(#"#field("who", "asset.employee_number", "", "", "data-label='first last' size=8", "", zones)"#)
            #expect(picker.contains(#"<input id="who" name="who" value="" data-label="first last" size="8" list="who-list">"#))
            #expect(picker.contains(#"<datalist id="who-list"><option value="Europe/Tallinn"><option value="Europe/Berlin"></datalist>"#))
            // A choice's type is the option's data-type; a fixed list is written as words; a select may have a hint.
            let models = try await render(
                #"#select("modelId", "asset.model", models, "", "-", "data-custom-groups=", "asset.tag_generated")"#)
            #expect(models.contains(#"<option value="laptop-1" data-type="laptop" selected>T14</option>"#))
            #expect(models.contains(#"data-custom-groups="" aria-describedby="modelId-hint">"#))
            let scope = try await render(
                #"#select("scope", "tokens.scope", "read=tokens.scope.read read-write=tokens.scope.read-write", "")"#)
            let readWrite = app.app.services.localizer.text("tokens.scope.read-write", .de)
            #expect(scope.contains(#"<option value="read-write">\#(readWrite)</option></select>"#))
            let language = try await render(#"#select("language", "profile.language", languages, "")"#)
            #expect(language.contains(#"<option value="de" lang="de" selected>Deutsch</option>"#))
            // An amount beside the form's currency select; a checkbox with another value and an error.
            let money = try await render(#"#money("cost", "contract.cost", "12,50", "Nope", currencies, "size=12")"#)
            #expect(money.contains(#"<input id="cost" name="cost" value="12,50" size="12" inputmode="decimal" aria-invalid="true""#))
            #expect(
                money.contains(#"<select id="currency" name="currency" aria-label=""#) && money.contains(#"<option value="EUR" selected>"#))
            #expect(try await render(#"#money("x", "contract.cost", "1", "", "EUR")"#).contains(#"<abbr class="currency">EUR</abbr>"#))
            let box = try await render(#"#checkbox("collectWeb", "usage.switch.web", true, "", "value=true", "Nope")"#)
            #expect(box.contains(#"<input type="checkbox" id="collectWeb" name="collectWeb" value="true" checked aria-invalid="true""#))
            #expect(box.contains(#"<span class="field-error" id="collectWeb-error">Nope</span>"#))
            // Boxes named by a prefix and their value, radios, each group with its error tied to it.
            let topics = try await render(#"#checkboxes("channel.topics", topics, "topic.", "Pick one")"#)
            #expect(topics.contains(#"<fieldset class="choices" aria-describedby="topic-error">"#))
            #expect(topics.contains(#"<input type="checkbox" name="topic.deadlines" checked> Deadlines"#))
            let schemes = try await render(#"#radios("scheme", "preferences.scheme", schemes, "")"#)
            #expect(schemes.contains(#"<input type="radio" name="scheme" value="dark" checked> Dark"#) && !schemes.contains("error"))
            // An empty list's sentence may need arguments too.
            let empty = try await render(#"#empty(t("usage.no_domains", "count", 5))"#)
            #expect(empty == #"<p class="empty">\#(app.app.services.localizer.text("usage.no_domains", .de, ["count": "5"]))</p>"#)
        }
    }

    @Test("Every kind of page an administrator reaches has its title in the page head and no block inside a paragraph")
    func pageFrame() async throws {
        try await TestApp.with { app in
            try await DemoData.load(into: app.app)
            let browser = try await app.signedIn(.administrator)
            // One page of each kind: a record's address stands for every record of its kind.
            func kind(_ path: String) -> String {
                path.split(separator: "/").map { $0.count >= 32 || $0.allSatisfy(\.isNumber) ? ":id" : String($0) }.joined(separator: "/")
            }
            var queue = ["/dashboard", "/search?q=a"]
            var seen = Set(queue.map(kind))
            var problems: [String] = []
            let link = try Regex(##"href="/[^"]*""##)
            let paragraph = try Regex(#"<p[ >](?:(?!</p>).)*?<(?:p|div|fieldset|form|table|ul|ol|section|h[1-6])[ >]"#).dotMatchesNewlines()
            while !queue.isEmpty {
                let path = queue.removeFirst()
                let page = try await browser.get(path)
                guard page.status == .ok, page.headers.first(name: .contentType)?.hasPrefix("text/html") == true else { continue }
                if page.body.firstMatch(of: paragraph) != nil { problems.append("\(path): a block inside a paragraph") }
                if !page.body.contains(#"class="page-head"><h1>"#) && !page.body.contains(#"class="page-head">\#n<h1>"#) {
                    problems.append("\(path): no page head")
                }
                for match in page.body.matches(of: link) {
                    let target = String(page.body[match.range].dropFirst(6).dropLast().prefix { $0 != "?" && $0 != "#" })
                    let skipped = ["/signout", "/assets/", "/api/", "export", "/dpia", "/feed", ".ics"].contains { target.contains($0) }
                    if !skipped, seen.insert(kind(target)).inserted { queue.append(target) }
                }
            }
            #expect(problems.isEmpty, "\(problems)")
            #expect(seen.count > 60, "\(seen.sorted())")
        }
    }

    /// Renders `template` with the application's tags, for a request in `language`.
    static func render(_ template: String, _ context: [String: LeafData] = [:], app: Application, language: Language = .en) async throws
        -> String
    {
        struct Inline: LeafSource {
            let text: String
            func file(template: String, escape: Bool, on eventLoop: any EventLoop) throws -> EventLoopFuture<ByteBuffer> {
                eventLoop.makeSucceededFuture(ByteBuffer(string: text))
            }
        }
        let request = Request(application: app, on: app.eventLoopGroup.next())
        request.language = language
        let renderer = LeafRenderer(
            configuration: .init(rootDirectory: "/"), tags: app.leaf.tags, cache: DefaultLeafCache(),
            sources: .singleSource(Inline(text: template)), eventLoop: request.eventLoop,
            userInfo: ["request": request, "application": app])
        var buffer = try await renderer.render(path: "inline", context: context).get()
        return buffer.readString(length: buffer.readableBytes) ?? ""
    }
}
