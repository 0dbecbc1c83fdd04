import Domain
import Foundation
import Vapor

/// `/areas/<group>`: a navigation group's landing page — each page of the group the reader may open, with its key
/// figure, so a newcomer sees what is in an area before choosing.
struct AreaPages: Sendable {
    struct Content: Encodable {
        struct Entry: Encodable {
            let href: String
            let labelKey: String
            let figure: String?
        }

        let entries: [Entry]
    }

    func page(_ req: Request) async throws -> Response {
        let key = try req.parameters.require("id")
        guard let group = req.services.composition.navigation.first(where: { $0.key == key }) else { throw AppError.notFound }
        let entries = group.entries.filter { req.may($0.action) }
        // A group the reader may open nothing of is not theirs to see.
        guard !entries.isEmpty else { throw AppError.forbidden }
        let catalogue = req.services.localizer.catalogue(req.language)
        var shown: [Content.Entry] = []
        for entry in entries {
            let figure = try await entry.figure.asyncMap { figure in
                let count = try await figure.count(on: req.db.sql)
                return catalogue.plural(figure.captionKey, count: count, formattedCount: req.services.localizer.number(count, req.language))
            }
            shown.append(.init(href: entry.path.path, labelKey: entry.labelKey, figure: figure))
        }
        return try await req.page("area", titleKey: group.labelKey, Content(entries: shown))
    }
}
