import LeafKit

// Leaf turns a page's context into template values through `Codable`, one nested encoder per value; for the values a
// page repeats many times (a list's rows, a select's options, the navigation), that costs more than the rest of the
// page together. Leaf's encoder takes a `LeafDataRepresentable` value as it is, so these types build theirs directly.
// `TemplateValuesTests` checks that each one matches its `Codable` form, so the two cannot drift apart.

extension Choice: LeafDataRepresentable {
    var leafData: LeafData {
        .dictionary(["value": .string(value), "label": .string(label), "selected": .bool(selected)])
    }
}

extension TableCell: LeafDataRepresentable {
    var leafData: LeafData {
        var cell: [String: LeafData] = ["text": .string(text), "numeric": .bool(numeric), "label": .string(label)]
        if let href { cell["href"] = .string(href) }
        return .dictionary(cell)
    }
}

extension LayoutContext.NavItem: LeafDataRepresentable {
    var leafData: LeafData {
        .dictionary(["href": .string(href), "labelKey": .string(labelKey), "active": .bool(active)])
    }
}

extension LayoutContext.LanguageChoice: LeafDataRepresentable {
    var leafData: LeafData {
        .dictionary(["code": .string(code), "name": .string(name), "selected": .bool(selected)])
    }
}
