import Domain
import Foundation
import Vapor

/// Builds the OpenAPI 3.1 document from the registered routes, so it cannot forget one.
enum OpenAPIDocument {
    static func build(routes: [Route], schemas: [String: JSONSchema]) -> [String: Any] {
        var paths: [String: [String: Any]] = [:]
        for route in routes {
            guard let doc = route.apiDoc else { continue }
            let segments = route.path.map { component -> String in
                if case .parameter(let name) = component { return "{\(name)}" }
                return component.description
            }
            let path = "/" + segments.joined(separator: "/")
            var operation: [String: Any] = [
                "summary": doc.summary,
                "operationId":
                    "\(route.method.rawValue.lowercased())\(segments.map { $0.replacingOccurrences(of: "{", with: "by_").replacingOccurrences(of: "}", with: "").replacingOccurrences(of: ".", with: "_") }.joined(separator: "_"))",
                "security": [["bearer": [String]()]],
            ]
            var parameters: [[String: Any]] = doc.query.map {
                ["name": $0.name, "in": "query", "required": false, "schema": $0.schema.json, "description": $0.description]
            }
            for component in route.path {
                if case .parameter(let name) = component {
                    parameters.append(["name": name, "in": "path", "required": true, "schema": ["type": "string", "format": "uuid"]])
                }
            }
            if doc.conditional {
                parameters.append([
                    "name": "If-Match", "in": "header", "required": true, "schema": ["type": "string"],
                    "description": "The ETag (version) last read; a stale one is refused with 412.",
                ])
            }
            if !parameters.isEmpty { operation["parameters"] = parameters }
            if let body = doc.requestBody {
                operation["requestBody"] = ["required": true, "content": ["application/json": ["schema": body.json]]]
            } else if takesFile(route, doc) {
                operation["requestBody"] = [
                    "required": true,
                    "content": [
                        "text/csv": ["schema": ["type": "string"]],
                        "application/json": ["schema": ["type": "array", "items": ["type": "object"]]],
                    ],
                ]
            }
            var success: [String: Any] = ["description": "Success"]
            if let response = doc.response { success["content"] = ["application/json": ["schema": response.json]] }
            var responses: [String: Any] = [String(doc.successStatus): success]
            let problem: [String: Any] = ["content": ["application/problem+json": ["schema": ["$ref": "#/components/schemas/Problem"]]]]
            for (status, description) in errorResponses(for: route, doc) {
                responses[status] = problem.merging(["description": description]) { a, _ in a }
            }
            if takesFile(route, doc), let report = doc.response {
                // Wrong rows are answered with the report; a bad query parameter with problem details.
                responses["422"] = [
                    "description": "Rows with problems (the report), or invalid query parameters",
                    "content": [
                        "application/json": ["schema": report.json],
                        "application/problem+json": ["schema": ["$ref": "#/components/schemas/Problem"]],
                    ],
                ]
            }
            operation["responses"] = responses
            paths[path, default: [:]][route.method.rawValue.lowercased()] = operation
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Quartermaster API", "version": "1",
                "description":
                    "Run a company's IT. JSON, camelCase; errors are RFC 9457 problem details; lists page with limit and offset.",
            ],
            "paths": paths,
            "components": [
                "schemas": schemas.mapValues(\.json),
                "securitySchemes": [
                    "bearer": [
                        "type": "http", "scheme": "bearer",
                        "description": "An API token from the profile page or `quartermaster token create`.",
                    ]
                ],
            ],
        ]
    }
}
