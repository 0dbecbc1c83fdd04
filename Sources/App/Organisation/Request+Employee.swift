import Fluent
import Vapor

extension Request {
    /// The employee record linked to the signed-in account, if there is one.
    func signedInEmployee() async throws -> Employee? {
        guard let principal else { return nil }
        return try await Employee.query(on: db).filter(\.$userID == principal.userID).first()
    }
}
