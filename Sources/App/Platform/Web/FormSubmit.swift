import Domain
import Vapor

extension Request {
    /// The ladder every form's POST climbs, in one place: `perform` makes the change and answers (a redirect, as a
    /// rule); input the service refuses shows the form again with its errors (`invalid`, 422 by the caller's page); a
    /// record someone else saved in between shows their version and says so (`stale`, 409) rather than overwrite it.
    /// Without `invalid` or `stale`, the refusal is an error like any other.
    func submit(
        _ perform: () async throws -> Response, invalid: ((ValidationFailure) async throws -> Response)? = nil,
        stale: (() async throws -> Response)? = nil
    ) async throws -> Response {
        do {
            return try await perform()
        } catch let failure as ValidationFailure {
            guard let invalid else { throw failure }
            return try await invalid(failure)
        } catch let error as AppError where error.code == AppError.preconditionFailed.code {
            guard let stale else { throw error }
            return try await stale()
        }
    }
}
