import Foundation

extension CostCentre {
    /// "CC-100 Management", as lists and choices show a cost centre.
    var label: String { "\(code) \(name)" }
}

extension Choice {
    /// Cost centres by code and name.
    static func costCentres(_ centres: [CostCentre], selected: String) -> [Self] {
        centres.map { .init(value: $0.id!.uuidString, label: $0.label, selected: $0.id?.uuidString == selected) }
    }
}
