import Domain
import Fluent
import Foundation
import Vapor

/// Archiving sites, departments and cost centres; while one is still in use, its edit page says so.
extension StructurePages {
    struct ArchiveForm: Content {
        var version: Int
    }

    /// Archives and returns to the list; while the record is still in use, the edit page says so.
    private func archive(
        _ req: Request, list: Paths, _ perform: (UUID, Int) async throws -> Void,
        refused: @escaping (UUID, ValidationFailure) async throws -> Response
    ) async throws -> Response {
        let id = try req.requireID()
        return try await req.submit {
            try await perform(id, try req.content.decode(ArchiveForm.self).version)
            return req.redirect(to: list.path + "?done=saved", redirectType: .normal)
        } invalid: { failure in
            return try await refused(id, failure)
        }
    }

    func archiveSite(_ req: Request) async throws -> Response {
        try await archive(req, list: .sites, { _ = try await structure(req).archiveSite($0, expectedVersion: $1) }) { id, failure in
            guard let site = try await Site.find(id, on: req.db) else { throw AppError.notFound }
            return try await sitePage(req, SiteForm(site), id: id, errors: failure, status: .unprocessableEntity)
        }
    }

    func archiveDepartment(_ req: Request) async throws -> Response {
        try await archive(req, list: .orgChart, { _ = try await structure(req).archiveDepartment($0, expectedVersion: $1) }) {
            id, failure in
            guard let department = try await Department.find(id, on: req.db) else { throw AppError.notFound }
            return try await departmentPage(
                req, try await DepartmentForm(department, on: req.db), id: id, errors: failure, status: .unprocessableEntity)
        }
    }

    func archiveCostCentre(_ req: Request) async throws -> Response {
        try await archive(req, list: .costCentres, { _ = try await structure(req).archiveCostCentre($0, expectedVersion: $1) }) {
            id, failure in
            guard let centre = try await CostCentre.find(id, on: req.db) else { throw AppError.notFound }
            return try await costCentrePage(
                req, try await CostCentreForm(centre, on: req.db), id: id, errors: failure, status: .unprocessableEntity)
        }
    }
}
