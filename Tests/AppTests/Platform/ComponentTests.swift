import Domain
import Foundation
import Testing

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
}
