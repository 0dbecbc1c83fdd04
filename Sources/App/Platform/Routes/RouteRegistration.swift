import Domain
import Foundation
import Vapor

/// Who may call a route. Declared where the route is registered; enforced by `RequireAction`.
enum Access: Sendable, Equatable {
    /// Reachable without signing in (sign-in page, health, assets, the OpenAPI document).
    case `public`
    case action(Domain.Action)
}

/// What the OpenAPI document says about an API route.
struct APIDoc: Sendable {
    var summary: String
    var query: [QueryParameter] = []
    var requestBody: JSONSchema? = nil
    var response: JSONSchema? = nil
    var successStatus: Int = 200
    var conditional = false
    /// When the route can find the record in a state that refuses the request (409), what that state is.
    var conflict: String? = nil
    /// When the route talks to another server (a directory) on the caller's behalf and passes on its failure (502).
    var remote: String? = nil

    struct QueryParameter: Sendable {
        let name: String
        let schema: JSONSchema
        let description: String
    }
}

enum RouteInfoKey {
    static let access = "qm.access"
    static let doc = "qm.doc"
    static let bodyLimit = "qm.bodyLimit"
}

extension RoutesBuilder {
    /// Registers a route with its access rule (and, for the API, its documentation).
    @discardableResult
    func on<Response: AsyncResponseEncodable>(
        _ method: HTTPMethod, _ path: Paths, _ access: Access, doc: APIDoc? = nil, body: HTTPBodyStreamStrategy = .collect,
        use handler: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        var builder: any RoutesBuilder =
            switch access {
            case .public: self
            case .action(let action): self.grouped(RequireAction(action: action))
            }
        // A page's remove button asks before it removes (the API's DELETE does not: a client means what it sends).
        if method == .POST, path.rawValue.hasSuffix("/remove") { builder = builder.grouped(ConfirmRemoval()) }
        let route = builder.on(method, path.components, body: body, use: handler)
        route.userInfo[RouteInfoKey.access] = access
        if let doc { route.userInfo[RouteInfoKey.doc] = doc }
        if case .collect(let limit?) = body { route.userInfo[RouteInfoKey.bodyLimit] = limit }
        return route
    }
}

extension Route {
    var access: Access? { userInfo[RouteInfoKey.access] as? Access }
    var apiDoc: APIDoc? { userInfo[RouteInfoKey.doc] as? APIDoc }
    /// The largest body the route collects, when it differs from the application's default.
    var bodyLimit: ByteCount? { userInfo[RouteInfoKey.bodyLimit] as? ByteCount }
}

extension Request {
    func requireID() throws -> UUID {
        guard let raw = parameters.get("id"), let id = UUID(uuidString: raw) else { throw AppError.notFound }
        return id
    }
}
