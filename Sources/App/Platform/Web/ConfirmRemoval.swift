import Vapor

/// Removing takes two steps, without JavaScript: a remove button's post first answers with a page that asks, and
/// only the post from that page (`confirm=yes`) reaches the handler. Every field of the first post (the version
/// read) goes along, so a stale removal is still refused.
struct ConfirmRemoval: AsyncMiddleware {
    struct Content: Encodable {
        struct Field: Encodable {
            let name: String
            let value: String
        }

        let action: String
        let fields: [Field]
        let back: String
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let fields = (try? request.content.decode([String: String].self)) ?? [:]
        if fields["confirm"] == "yes" { return try await next.respond(to: request) }
        // Back to the page the button was on (only its path: never another site), else to the record itself.
        let referer = request.headers.first(name: .referer).flatMap(URLComponents.init(string:))
        let back =
            referer.map { $0.path.hasPrefix("/") ? $0.path + ($0.query.map { "?" + $0 } ?? "") : "" }?.nilIfEmpty
            ?? String(request.url.path.dropLast("/remove".count))
        let kept = fields.filter { $0.key != CSRFMiddleware.fieldName && $0.key != "confirm" }.sorted { $0.key < $1.key }
        return try await request.page(
            "confirm", titleKey: "confirm.heading",
            Content(action: request.url.path, fields: kept.map { .init(name: $0.key, value: $0.value) }, back: back))
    }
}
