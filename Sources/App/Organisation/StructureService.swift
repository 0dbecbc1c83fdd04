import Domain
import Fluent
import Foundation
import Vapor

/// Sites with their rooms, cost centres and departments: the frame the people and the equipment hang in.
struct StructureService: Sendable {
    let app: Application
    let actor: AuditActor
}
