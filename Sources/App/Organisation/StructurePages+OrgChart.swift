import Domain
import Fluent
import Foundation
import Vapor

/// The org chart: the department tree with each department's manager and head counts.
extension StructurePages {
    struct ChartContent: Encodable {
        struct Node: Encodable {
            let name: String
            let href: String?
            let manager: String
            let managerHref: String?
            let headCount: String
            let totalHeadCount: String
            let depth: Int
        }

        let nodes: [Node]
        let canManage: Bool
        let canReadPeople: Bool
    }

    func orgChart(_ req: Request) async throws -> Response {
        let roots = try await OrgChart.build(on: req.db)
        let canManage = req.may(.manageStructure)
        let canReadPeople = req.may(.readPeople)
        var nodes: [ChartContent.Node] = []
        func walk(_ node: OrgChartNode, _ depth: Int) {
            nodes.append(
                .init(
                    name: node.name,
                    href: canManage
                        ? Paths.department.path(node.id) : (canReadPeople ? Paths.employees.path + "?department=\(node.id)" : nil),
                    manager: node.managerName ?? "–", managerHref: canReadPeople ? node.managerId.map { Paths.employee.path($0) } : nil,
                    headCount: req.services.localizer.catalogue(req.language).plural("org.people", count: node.headCount),
                    totalHeadCount: req.services.localizer.number(node.totalHeadCount, req.language), depth: min(depth, 6)))
            for child in node.children { walk(child, depth + 1) }
        }
        for root in roots { walk(root, 0) }
        return try await req.page(
            "organisation/chart", titleKey: "org.title", ChartContent(nodes: nodes, canManage: canManage, canReadPeople: canReadPeople))
    }
}
