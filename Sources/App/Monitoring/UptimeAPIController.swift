import Domain
import Foundation
import Vapor

/// `GET /api/v1/uptime?month=2026-11`: the monthly uptime report.
struct UptimeAPIController: Sendable {
    func report(_ req: Request) async throws -> UptimeReportDTO {
        let (report, _) = try await UptimeQuery.report(req)
        return UptimeReportDTO(
            month: report.month.description, from: report.period.start, to: report.period.end, sites: report.sites.map(UptimeLineDTO.init),
            subjects: report.subjects.map(UptimeLineDTO.init), checks: report.checks.map(UptimeLineDTO.init),
            incidents: report.incidents.map {
                UptimeIncidentDTO(
                    alertId: $0.alertID, checkId: $0.checkID, check: $0.checkName, subject: $0.subject, status: $0.status,
                    openedAt: $0.start, closedAt: $0.end, secondsInMonth: Int($0.duration.rounded()))
            })
    }
}
