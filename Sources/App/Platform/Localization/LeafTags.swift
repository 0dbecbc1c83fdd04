import Domain
import Foundation
import Leaf

/// `#t("key")` or `#t("key", "name", value, ...)`: the catalogue text in the request's language.
struct TranslateTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let request = ctx.request, let key = ctx.parameters.first?.string else {
            throw "#t needs a key"
        }
        return .string(request.t(key, arguments(ctx.parameters.dropFirst())))
    }
}

/// `#tn("key", count)`: the plural form for `count`, with `{count}` filled in the reader's number format.
struct PluralTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let request = ctx.request, ctx.parameters.count >= 2, let key = ctx.parameters[0].string,
            let count = ctx.parameters[1].int
        else { throw "#tn needs a key and a count" }
        let catalogue = request.services.localizer.catalogue(request.language)
        let formatted = request.services.localizer.number(count, request.language)
        return .string(catalogue.plural(key, count: count, formattedCount: formatted, arguments(ctx.parameters.dropFirst(2))))
    }
}

private func arguments(_ parameters: ArraySlice<LeafData>) -> [String: String] {
    var result: [String: String] = [:]
    var iterator = parameters.makeIterator()
    while let name = iterator.next(), let value = iterator.next() {
        if let name = name.string { result[name] = value.string ?? "" }
    }
    return result
}
