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
                try await (req.db as! any SQLDatabase).raw("SELECT count(*) AS n FROM _fluent_migrations").first()?.decode(
                    column: "n", as: Int.self) ?? 0
            guard applied >= Migrations.all.count else {
                return try .json(["status": "migrations pending"], status: .serviceUnavailable)
            }
            return try .json(["status": "ready"])
        } catch {
            req.logger.warning("readiness check failed: \(String(reflecting: error))")
            return try .json(["status": "database unavailable"], status: .serviceUnavailable)
        }
    }

    func metrics(_ req: Request) async throws -> Response {
        let response = Response(status: .ok, body: .init(string: req.services.metrics.emitToString()))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["version": "0.0.4", "charset": "utf-8"])
        return response
    }

    func openAPI(_ req: Request) async throws -> Response {
        let document = OpenAPIDocument.build(routes: req.application.routes.all)
        let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.contentType = .json
        return response
    }
}
