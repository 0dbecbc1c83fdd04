import Domain
import Fluent
import Foundation
import Probes
import SQLKit
import Vapor

/// `/api/v1/maintenance-windows`.
extension MonitorAPIController {
    func windows(_ req: Request) async throws -> Response {
        let now = req.now
        let windows = try await MaintenanceWindow.query(on: req.db).sort(\.$name).all()
        return try .json(windows.map { MaintenanceWindowDTO($0, now: now) })
    }

    func createWindow(_ req: Request) async throws -> Response {
        let body = try req.decodeStrict(MaintenanceWindowBody.self)
        let zone = try await req.application.services.organisation.current(on: req.db).timeZone.identifier
        let window = try await service(req).createWindow(
            .init(
                name: body.name, scope: body.scope, scopeID: body.scopeId, starts: body.starts, durationMinutes: body.durationMinutes,
                timeZone: body.timeZone ?? zone, rrule: body.rrule ?? ""))
        return try .json(MaintenanceWindowDTO(window, now: req.now), status: .created, version: window.version)
    }

    func deleteWindow(_ req: Request) async throws -> Response {
        try await service(req).deleteWindow(try req.requireID())
        return Response(status: .noContent)
    }
}
