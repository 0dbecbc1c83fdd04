import Domain
import Foundation
import Vapor

/// The options of a form's select elements, and the amount fields, built one way everywhere.
extension Choice {
    /// One option per value, labelled from the catalogue in the reader's language.
    static func list<Value: RawRepresentable<String>>(
        _ req: Request, _ values: [Value], key: (Value) -> String, selected: String?
    ) -> [Self] {
        values.map { .init(value: $0.rawValue, label: req.t(key($0)), selected: $0.rawValue == selected) }
    }

    /// The currencies an amount may be in, by code.
    static func currencies(selected: String) -> [Self] {
        Currency.all.map { .init(value: $0.code, label: $0.code, selected: $0.code == selected) }
    }
}

/// An amount typed into a form with a currency chosen beside it.
enum MoneyField {
    /// The amount, nil when the field was left empty; an unknown currency or an amount that is not one is added to
    /// `errors` under `field`, so that a form reports it together with its other fields.
    static func read(_ amount: String, currency: String, defaultCurrency: String, field: String, into errors: inout [FieldError]) -> Money?
    {
        guard !amount.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        guard let currency = Currency(code: currency.nilIfEmpty ?? defaultCurrency) else {
            errors.append(FieldError(field: field, code: .currencyUnknown))
            return nil
        }
        guard let money = Money.parse(amount, currency: currency) else {
            errors.append(FieldError(field: field, code: .invalid))
            return nil
        }
        return money
    }
}
