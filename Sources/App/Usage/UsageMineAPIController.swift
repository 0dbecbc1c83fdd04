import Domain
import Fluent
import Foundation
import SQLKit
import UsageCounting
import Vapor

/// `GET /api/v1/usage/mine`: the signed-in employee's own usage data (GDPR Art. 15).
struct UsageMineAPIController: Sendable {
    func mine(_ req: Request) async throws -> UsageOwnData.MineDTO {
        guard let employee = try await req.signedInEmployee() else { return UsageOwnData.MineDTO(pseudonyms: [], web: [], mail: []) }
        return try await UsageOwnData.of(employee.id!, box: req.services.secretBox, on: req.db)
    }
}
