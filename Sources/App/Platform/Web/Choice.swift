import Foundation

/// One option of a `<select>`, its label already in the reader's language.
struct Choice: Encodable {
    let value: String
    let label: String
    let selected: Bool
}

/// One option of a `<select>` whose label the template looks up in the catalogue.
struct KeyedChoice: Encodable {
    let value: String
    let labelKey: String
    let selected: Bool
}

/// One box of a checkbox group (`#checkboxes`): its field name, its text, whether it is ticked.
struct CheckChoice: Encodable {
    let name: String
    let label: String
    let selected: Bool
}
