import Domain
import Foundation
import Vapor

/// Which requests take a file, and the error answers each route documents.
extension OpenAPIDocument {
    /// A route that collects a larger body than the JSON limit without a JSON schema takes a file: the imports, CSV
    /// (`text/csv`) or JSON (an array of rows).
    static func takesFile(_ route: Route, _ doc: APIDoc) -> Bool {
        doc.requestBody == nil && route.bodyLimit != nil
    }

    static func errorResponses(for route: Route, _ doc: APIDoc) -> [(String, String)] {
        var result = [("401", "Not signed in"), ("403", "Not allowed")]
        if route.path.contains(where: { if case .parameter = $0 { return true } else { return false } }) {
            result.append(("404", "Not found"))
        }
        if doc.requestBody != nil {
            result += [
                ("400", "Malformed body or unknown field"), ("413", "Body too large"), ("415", "Not JSON"), ("422", "Invalid field values"),
            ]
        }
        if takesFile(route, doc) {
            result += [
                ("400", "No file"), ("409", "Records changed between the check and the import"), ("413", "File too large"),
                ("415", "Neither CSV nor JSON"),
            ]
        }
        if !doc.query.isEmpty { result.append(("422", "Invalid query parameters")) }
        if doc.conditional { result += [("412", "Stale version"), ("428", "If-Match missing")] }
        if let conflict = doc.conflict { result.append(("409", conflict)) }
        if let remote = doc.remote { result.append(("502", remote)) }
        return result
    }
}
