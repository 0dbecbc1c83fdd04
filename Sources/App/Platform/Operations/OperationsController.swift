import Fluent
import Foundation
import SQLKit
import Vapor

/// Health, readiness, metrics and the API description: public, cheap, and safe to poll.
struct OperationsController: Sendable {
    func health(_ req: Request) async throws -> Response {
        try .json(["status": "ok"])
    }

    /// Ready when the database answers and every migration has run.
    func ready(_ req: Request) async throws -> Response {
        do {
            let applied =
                try await req.db.sql.raw("SELECT count(*) AS n FROM _fluent_migrations").first()?.decode(
                    column: "n", as: Int.self) ?? 0
            guard applied >= req.services.composition.migrations.count else {
                return try .json(["status": "migrations pending"], status: .serviceUnavailable)
            }
            return try .json(["status": "ready"])
        } catch {
            req.logger.warning("readiness check failed: \(String(reflecting: error))")
            return try .json(["status": "database unavailable"], status: .serviceUnavailable)
        }
    }

    /// Prometheus text. With a metrics token configured, only a scraper presenting it gets an answer — and then the
    /// checks one by one; without one, totals only, so an open endpoint names no host.
    func metrics(_ req: Request) async throws -> Response {
        var detailed = false
        if let token = req.services.config.metricsToken {
            guard let given = req.headers.bearerAuthorization?.token, Secrets.constantTimeEquals(given, token) else {
                let refused = Response(status: .unauthorized, body: .init(string: "metrics need the bearer token\n"))
                refused.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer")
                return refused
            }
            detailed = true
        }
        var text = req.services.metrics.emitToString()
        if !text.isEmpty, !text.hasSuffix("\n") { text += "\n" }
        for source in req.services.composition.metrics { text += try await source(req, detailed) }
        let response = Response(status: .ok, body: .init(string: text))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["version": "0.0.4", "charset": "utf-8"])
        return response
    }

    func openAPI(_ req: Request) async throws -> Response {
        let document = OpenAPIDocument.build(routes: req.application.routes.all, schemas: req.services.composition.apiSchemas)
        let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.contentType = .json
        return response
    }
}
