import Domain
import Foundation
import UsageCounting
import Vapor

/// `GET /api/v1/usage/report`: internet and mail use of a period, by department or site.
struct UsageReportAPIController: Sendable {
    func report(_ req: Request) async throws -> ReportDTO {
        let (report, _) = try await UsageReportQuery.read(req)
        let shown = !report.suppressed
        func group(_ group: UsageReport.Group) -> GroupDTO {
            GroupDTO(id: group.id, name: group.name, people: group.people, counts: CountsDTO(group.counts))
        }
        func domain(_ line: UsageReport.DomainLine) -> DomainDTO {
            DomainDTO(domain: line.domain, people: line.people, requests: line.requests, bytes: line.bytes, denied: line.denied)
        }
        return ReportDTO(
            from: report.from.description, to: report.to.description, group: report.grouping.rawValue,
            minimumGroupSize: report.minimumGroupSize, suppressed: report.suppressed, totals: shown ? CountsDTO(report.totals) : nil,
            days: shown ? report.days.map { DayDTO(day: $0.day.description, counts: CountsDTO($0.counts)) } : [],
            groups: shown ? report.groups.map(group) : [], other: shown ? report.other.map(group) : nil,
            unknown: shown ? report.unknown.map(group) : [], domains: shown ? report.domains.map(domain) : [],
            deniedDomains: shown ? report.deniedDomains.map(domain) : [],
            categories: shown
                ? report.categories.map { CategoryDTO(name: $0.name, people: $0.people, requests: $0.requests, bytes: $0.bytes) } : [],
            heat: shown ? report.heat : [])
    }
}
