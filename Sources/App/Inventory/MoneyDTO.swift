import Domain
import Foundation
import Vapor

struct MoneyDTO: Content, Equatable {
    let minorUnits: Int64
    let currency: String

    init(_ money: Money) {
        minorUnits = money.minorUnits
        currency = money.currency.code
    }

    /// The amount, or the field's error when the currency is not one Quartermaster knows.
    func money(field: String) throws(ValidationFailure) -> Money {
        guard let currency = Currency(code: currency) else { throw ValidationFailure([FieldError(field: field, code: .currencyUnknown)]) }
        return Money(minorUnits: minorUnits, currency: currency)
    }

    static let schema = JSONSchema.object(
        properties: ["minorUnits": .integer(), "currency": .string(enumeration: Currency.all.map(\.code))],
        required: ["minorUnits", "currency"])
}
