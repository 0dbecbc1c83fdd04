import Foundation
import Leaf
import Vapor

/// The design system's form controls and small pieces. Each is a Leaf tag because a template passes it the field's
/// name, catalogue key, value and error, which a Leaf partial cannot take (a partial only sees a context built in
/// Swift); the pieces that need only such a context (pager, sort header, key figure, page head) are partials in
/// `Views/ui/`. Every control is written once here: the label tied to its input, the hint and the error tied by
/// `aria-describedby`, `aria-invalid` when the value was refused, everything escaped.
///
/// - `#field(name, labelKey, value, error[, options[, hintKey[, suggestions]]])`: an input. `options` is a list of
///   words: a type (`text` by default, `email`, `tel`, `date`, `number`, `numeric`, `url`, `password`, `search`,
///   `time`, `datetime-local`, `month`, `file`), `required`, `autofocus`, `readonly`, and `attribute=value` pairs
///   (`size=30`, `autocomplete=off`; `id=…` when the id must differ from the name, as on a page with two forms). A value
///   with spaces goes in single quotes (`data-picker-label='firstName lastName'`); a value from the page is joined on
///   with Leaf's `+` (`"date max=" + page.today`). `suggestions`, a list of texts, become the input's `<datalist>`.
/// - `#textarea(name, labelKey, value, error[, options[, hintKey]])`, with `rows=…` among the options.
/// - `#select(name, labelKey, choices, error[, blankKey[, options[, hintKey]]])`: a `<select>` over `[{value, label or
///   labelKey, selected}]` (a choice's `type` becomes the option's `data-type`; a language choice's `code` and `name`
///   are read as value and label, the code also as the option's `lang`), or over a fixed list written as words
///   `value=labelKey`; `blankKey` adds an empty first choice (`"-"` an en dash).
/// - `#checkbox(name, labelKey, checked[, hintKey[, options[, error]]])`, with `value=…` among the options when the
///   form expects another value than `on`.
/// - `#money(name, labelKey, value, error, currency[, options])`: an amount in the currency's major unit, typed as text;
///   `currency` is the currency's code, or the choices of the form's `currency` select beside the amount.
/// - `#checkboxes(legendKey, choices[, namePrefix[, error]])`: a group over `[{name, label, selected}]`; a choice
///   without a `name` is named `namePrefix` followed by its `value`.
/// - `#radios(name, legendKey, choices[, error])`: one choice out of `[{value, label or labelKey, selected}]`.
/// - `#empty(key[, href, linkKey])`: the sentence a list shows instead of an empty table, with where to go next.
///
/// A label, legend, hint or blank choice that needs arguments is passed translated, `t("key", "name", value)`: a text
/// that is no catalogue key is shown as it is (as the custom fields' own labels are).
enum Components {
    static var tags: [String: any LeafTag] {
        [
            "field": FieldTag(), "select": SelectTag(), "textarea": TextAreaTag(), "checkbox": CheckboxTag(), "money": MoneyTag(),
            "checkboxes": CheckboxGroupTag(), "radios": RadioGroupTag(), "empty": EmptyTag(),
        ]
    }

    /// Escapes text for an HTML element or a double-quoted attribute.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// The label, the control and what is said about it, with the ids that tie them together.
    struct Field {
        let name: String
        let label: String
        let hint: String?
        let error: String?
        var options = Options("")

        var id: String { Components.escape(options.id ?? name) }
        /// `id` and `name`, then the value when there is one, then the attributes the options ask for.
        func identity(value: String? = nil) -> String {
            #"id="\#(id)" name="\#(Components.escape(name))""# + (value.map { #" value="\#(Components.escape($0))""# } ?? "")
                + options.attributes
        }

        /// ` aria-invalid="true" aria-describedby="…"` as the hint and error require.
        var described: String {
            var ids: [String] = []
            if hint != nil { ids.append("\(id)-hint") }
            if error != nil { ids.append("\(id)-error") }
            var result = error != nil ? #" aria-invalid="true""# : ""
            if !ids.isEmpty { result += #" aria-describedby="\#(ids.joined(separator: " "))""# }
            return result
        }

        func paragraph(_ control: String) -> String {
            var html = #"<p class="field"><label for="\#(id)">\#(Components.escape(label))</label>"# + "\n" + control
            if let hint { html += #"<span class="hint" id="\#(id)-hint">\#(Components.escape(hint))</span>"# }
            if let error { html += #"<span class="field-error" id="\#(id)-error">\#(Components.escape(error))</span>"# }
            return html + "</p>"
        }
    }

    /// The words of a control's options: its type, flags and attributes.
    struct Options {
        static let types: Set<String> = [
            "text", "email", "tel", "date", "number", "numeric", "url", "password", "search", "time", "datetime-local", "month",
            "file",
        ]
        static let flags: Set<String> = ["required", "autofocus", "readonly"]
        var type = "text"
        var id: String?
        var attributes = ""

        init(_ words: String) {
            for word in Self.words(words) {
                if Self.types.contains(word) {
                    type = word
                } else if Self.flags.contains(word) {
                    attributes += " " + word
                } else if let equals = word.firstIndex(of: "="), word[..<equals].allSatisfy({ $0.isLetter || $0 == "-" }),
                    !word.lowercased().hasPrefix("on"), !word.lowercased().hasPrefix("style=")
                {
                    // Never a script or a style, even if a page's value joined on were to carry one.
                    let (name, value) = (String(word[..<equals]), String(word[word.index(after: equals)...]))
                    if name == "id" { id = value } else { attributes += #" \#(name)="\#(Components.escape(value))""# }
                }
            }
            // `numeric` is a text field with the phone's digit keyboard, which keeps what was typed when it is refused.
            if type == "numeric" {
                attributes = #" inputmode="numeric""# + attributes
            } else if type != "text" {
                attributes = #" type="\#(type)""# + attributes
            }
        }

        /// The words split at spaces, except inside single quotes, which are dropped.
        static func words(_ text: String) -> [String] {
            var (words, current, quoted) = ([String](), "", false)
            for character in text {
                if character == "'" {
                    quoted.toggle()
                } else if character == " " && !quoted {
                    if !current.isEmpty { words.append(current) }
                    current = ""
                } else {
                    current.append(character)
                }
            }
            if !current.isEmpty { words.append(current) }
            return words
        }
    }

    /// The request the template renders for, and the parameters read by position.
    struct Call {
        let request: Request
        let parameters: [LeafData]
        let tag: String

        init(_ ctx: LeafContext, tag: String, least: Int) throws {
            guard let request = ctx.request else { throw "#\(tag) needs a request" }
            guard ctx.parameters.count >= least, ctx.parameters.first?.string?.isEmpty == false else {
                throw "#\(tag) needs at least \(least) parameters, the first a name"
            }
            (self.request, self.parameters, self.tag) = (request, ctx.parameters, tag)
        }

        /// A text parameter; a missing value (`nil`, an absent key) reads as nothing.
        func text(_ index: Int) -> String? {
            guard index < parameters.count, !parameters[index].isNil, let text = parameters[index].string else { return nil }
            return text
        }

        /// A catalogue key's text in the reader's language.
        func translated(_ index: Int) -> String? { text(index).flatMap { $0.isEmpty ? nil : request.t($0) } }

        func field(labelAt: Int, errorAt: Int?, hintAt: Int?, optionsAt: Int?) -> Field {
            let error = errorAt.flatMap { text($0) }.flatMap { $0.isEmpty ? nil : $0 }
            return Field(
                name: text(0) ?? "", label: translated(labelAt) ?? "", hint: hintAt.flatMap { translated($0) }, error: error,
                options: Options(optionsAt.flatMap { text($0) } ?? ""))
        }

        func bool(_ index: Int) -> Bool {
            guard index < parameters.count else { return false }
            return parameters[index].bool ?? false
        }

        /// A list of choices, or a fixed list written as words `value=labelKey`.
        func choices(_ index: Int) -> [[String: LeafData]] {
            guard index < parameters.count else { return [] }
            if let array = parameters[index].array { return array.compactMap(\.dictionary) }
            guard parameters[index].celf == .string, let words = parameters[index].string else { return [] }
            return Options.words(words).compactMap { word in
                guard let equals = word.firstIndex(of: "=") else { return nil }
                return ["value": .string(String(word[..<equals])), "labelKey": .string(String(word[word.index(after: equals)...]))]
            }
        }

        /// A list of texts.
        func texts(_ index: Int) -> [String] {
            guard index < parameters.count else { return [] }
            return (parameters[index].array ?? []).compactMap(\.string)
        }
    }
}

struct FieldTag: UnsafeUnescapedLeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        let call = try Components.Call(ctx, tag: "field", least: 3)
        var field = call.field(labelAt: 1, errorAt: 3, hintAt: 5, optionsAt: 4)
        // A file input never shows a value; the suggestions are a datalist named after the field.
        let value = field.options.type == "file" ? nil : call.text(2) ?? ""
        var suggestions = ""
        if case let texts = call.texts(6), !texts.isEmpty {
            field.options.attributes += #" list="\#(field.id)-list""#
            suggestions =
                #"<datalist id="\#(field.id)-list">"# + texts.map { #"<option value="\#(Components.escape($0))">"# }.joined()
                + "</datalist>"
        }
        return .string(field.paragraph(#"<input \#(field.identity(value: value))\#(field.described)>"# + suggestions))
    }
}

struct SelectTag: UnsafeUnescapedLeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        let call = try Components.Call(ctx, tag: "select", least: 3)
        let field = call.field(labelAt: 1, errorAt: 3, hintAt: 6, optionsAt: 5)
        var options = ""
        if let blank = call.text(4), !blank.isEmpty {
            options += #"<option value="">\#(blank == "-" ? "–" : Components.escape(call.request.t(blank)))</option>"#
        }
        options += SelectTag.options(call.choices(2), request: call.request)
        return .string(field.paragraph(#"<select \#(field.identity())\#(field.described)>\#(options)</select>"#))
    }

    /// The choices' `<option>`s; a choice's text is its `label`, or its `labelKey` in the reader's language.
    static func options(_ choices: [[String: LeafData]], request: Request) -> String {
        choices.map { choice in
            let selected = choice["selected"]?.bool == true ? " selected" : ""
            let value = Components.escape((choice["value"] ?? choice["code"])?.string ?? "")
            var attributes = choice["code"]?.string.map { #" lang="\#(Components.escape($0))""# } ?? ""
            attributes += choice["type"]?.string.map { #" data-type="\#(Components.escape($0))""# } ?? ""
            return #"<option value="\#(value)"\#(attributes)\#(selected)>\#(Components.escape(label(choice, request: request)))</option>"#
        }.joined()
    }

    /// A choice's text: its `labelKey` in the reader's language, else its `label` (or `name`).
    static func label(_ choice: [String: LeafData], request: Request) -> String {
        choice["labelKey"]?.string.map { request.t($0) } ?? (choice["label"] ?? choice["name"])?.string ?? ""
    }
}

struct TextAreaTag: UnsafeUnescapedLeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        let call = try Components.Call(ctx, tag: "textarea", least: 3)
        let field = call.field(labelAt: 1, errorAt: 3, hintAt: 5, optionsAt: 4)
        let value = Components.escape(call.text(2) ?? "")
        return .string(field.paragraph(#"<textarea \#(field.identity())\#(field.described)>\#(value)</textarea>"#))
    }
}

struct CheckboxTag: UnsafeUnescapedLeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        let call = try Components.Call(ctx, tag: "checkbox", least: 3)
        let field = call.field(labelAt: 1, errorAt: 5, hintAt: 3, optionsAt: 4)
        let checked = call.bool(2) ? " checked" : ""
        var html =
            #"<p class="field"><label class="choice"><input type="checkbox" \#(field.identity())\#(checked)\#(field.described)> "#
            + Components.escape(field.label) + "</label>"
        if let hint = field.hint { html += #"<span class="hint" id="\#(field.id)-hint">\#(Components.escape(hint))</span>"# }
        if let error = field.error { html += #"<span class="field-error" id="\#(field.id)-error">\#(Components.escape(error))</span>"# }
        return .string(html + "</p>")
    }
}

struct MoneyTag: UnsafeUnescapedLeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        let call = try Components.Call(ctx, tag: "money", least: 5)
        let field = call.field(labelAt: 1, errorAt: 3, hintAt: nil, optionsAt: 5)
        // A fixed currency is named; a form that lets one choose has its `currency` select beside the amount.
        let currency =
            ctx.parameters[4].celf != .array
            ? #"<abbr class="currency">\#(Components.escape(call.text(4) ?? ""))</abbr>"#
            : #"<select id="currency" name="currency" aria-label="\#(Components.escape(call.request.t("form.currency")))">"#
                + SelectTag.options(call.choices(4), request: call.request) + "</select>"
        return .string(
            field.paragraph(
                #"<span class="money"><input \#(field.identity(value: call.text(2) ?? "")) inputmode="decimal"\#(field.described)>"#
                    + #" \#(currency)</span>"#))
    }
}

struct CheckboxGroupTag: UnsafeUnescapedLeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        let call = try Components.Call(ctx, tag: "checkboxes", least: 2)
        let prefix = call.text(2) ?? ""
        let boxes = call.choices(1).map { choice in
            let name = Components.escape(choice["name"]?.string ?? prefix + (choice["value"]?.string ?? ""))
            let checked = choice["selected"]?.bool == true ? " checked" : ""
            return
                #"<label class="choice"><input type="checkbox" name="\#(name)"\#(checked)> \#(Components.escape(SelectTag.label(choice, request: call.request)))</label>"#
        }
        // The group's error is named after the prefix its boxes share ("topic." → "topic-error").
        let id = prefix.trimmingCharacters(in: CharacterSet(charactersIn: ".-")).nilIfEmpty ?? "choices"
        return .string(Components.group(legend: call.translated(0) ?? "", error: call.text(3), id: id, boxes.joined(separator: " ")))
    }
}

struct RadioGroupTag: UnsafeUnescapedLeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        let call = try Components.Call(ctx, tag: "radios", least: 3)
        let name = call.text(0) ?? ""
        let radios = call.choices(2).map { choice in
            let value = Components.escape(choice["value"]?.string ?? "")
            let checked = choice["selected"]?.bool == true ? " checked" : ""
            return
                #"<label class="choice"><input type="radio" name="\#(Components.escape(name))" value="\#(value)"\#(checked)> \#(Components.escape(SelectTag.label(choice, request: call.request)))</label>"#
        }
        return .string(Components.group(legend: call.translated(1) ?? "", error: call.text(3), id: name, radios.joined(separator: " ")))
    }
}

extension Components {
    /// A fieldset of choices with its legend, and the error about them tied by `aria-describedby`.
    static func group(legend: String, error: String?, id: String, _ choices: String) -> String {
        let error = error.flatMap { $0.isEmpty ? nil : $0 }
        let described = error == nil ? "" : #" aria-describedby="\#(escape(id))-error""#
        var html = #"<fieldset class="choices"\#(described)><legend>\#(escape(legend))</legend>"# + choices
        if let error { html += #"<span class="field-error" id="\#(escape(id))-error">\#(escape(error))</span>"# }
        return html + "</fieldset>"
    }
}

struct EmptyTag: UnsafeUnescapedLeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let request = ctx.request, let key = ctx.parameters.first?.string else { throw "#empty needs a key" }
        var html = #"<p class="empty">"# + Components.escape(request.t(key))
        if ctx.parameters.count >= 3, let href = ctx.parameters[1].string, let link = ctx.parameters[2].string, !href.isEmpty {
            html += #" <a href="\#(Components.escape(href))">\#(Components.escape(request.t(link)))</a>"#
        }
        return .string(html + "</p>")
    }
}
