import Domain
import Fluent
import Foundation
import Vapor

/// Import and export of employees and departments: the upload page, the API, the downloads.
struct OrganisationTransfer: Sendable {
    enum Kind: String, Sendable {
        case employees, departments

        func run(_ data: [UInt8], commit: Bool, _ req: Request) async throws -> ImportReport {
            switch self {
            case .employees:
                try await EmployeeImport(app: req.application, actor: req.auditActor).run(data, commit: commit, language: req.language)
            case .departments:
                try await DepartmentImport(app: req.application, actor: req.auditActor).run(data, commit: commit, language: req.language)
            }
        }

        var columns: [String] { self == .employees ? EmployeeTable.columns : DepartmentImport.columns }
        var importPath: Paths { self == .employees ? .employeesImport : .departmentsImport }
        var exportPath: Paths { self == .employees ? .employeesExport : .departmentsExport }
    }

    struct PageContent: Encodable {
        let titleKey: String
        let action: String
        let exportHref: String
        let columns: String
        let report: ImportReport?
        let checked: Bool
    }

    struct Upload: Content {
        var file: File
        var action: String?
    }

    private func page(_ req: Request, _ kind: Kind, report: ImportReport? = nil, checked: Bool = false, status: HTTPStatus = .ok)
        async throws -> Response
    {
        try await req.page(
            "organisation/import", titleKey: "import.\(kind.rawValue)",
            PageContent(
                titleKey: "import.\(kind.rawValue)", action: kind.importPath.path, exportHref: kind.exportPath.path,
                columns: kind.columns.joined(separator: ", "),
                report: report, checked: checked), status: status)
    }

    private func upload(_ req: Request, _ kind: Kind) async throws -> Response {
        let form = try req.content.decode(Upload.self)
        let commit = form.action == "import"
        do {
            let report = try await kind.run(Array(buffer: form.file.data), commit: commit, req)
            return try await page(req, kind, report: report, checked: !commit, status: report.errors.isEmpty ? .ok : .unprocessableEntity)
        } catch let error as AppError where error.code == AppError.preconditionFailed.code {
            throw AppError.importStale
        }
    }

    private func apiImport(_ req: Request, _ kind: Kind) async throws -> Response {
        guard let buffer = req.body.data else { throw AppError.malformedBody }
        let contentType = req.headers.contentType
        guard contentType?.subType == "csv" || contentType?.subType == "json" || contentType?.type == "text" else {
            throw AppError.unsupportedMediaType
        }
        let commit = (try? req.query.get(Bool.self, at: "commit")) ?? false
        do {
            let report = try await kind.run(Array(buffer: buffer), commit: commit, req)
            return try .json(report, status: report.errors.isEmpty ? .ok : .unprocessableEntity)
        } catch let error as AppError where error.code == AppError.preconditionFailed.code {
            throw AppError.importStale
        }
    }

    private func download(_ req: Request, _ kind: Kind) async throws -> Response {
        let raw = (try? req.query.get(String.self, at: "format")) ?? "csv"
        guard let format = OrganisationExport.Format(rawValue: raw) else {
            throw ValidationFailure([FieldError(field: "format", code: .invalid)])
        }
        let data =
            switch kind {
            case .employees: try await OrganisationExport.employees(on: req.db, format: format)
            case .departments: try await OrganisationExport.departments(on: req.db, format: format)
            }
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.contentType = format.contentType
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(kind.rawValue).\(format.rawValue)\"")
        return response
    }

    func employeesPage(_ req: Request) async throws -> Response { try await page(req, .employees) }
    func employeesUpload(_ req: Request) async throws -> Response { try await upload(req, .employees) }
    func employeesAPIImport(_ req: Request) async throws -> Response { try await apiImport(req, .employees) }
    func employeesDownload(_ req: Request) async throws -> Response { try await download(req, .employees) }
    func departmentsPage(_ req: Request) async throws -> Response { try await page(req, .departments) }
    func departmentsUpload(_ req: Request) async throws -> Response { try await upload(req, .departments) }
    func departmentsAPIImport(_ req: Request) async throws -> Response { try await apiImport(req, .departments) }
    func departmentsDownload(_ req: Request) async throws -> Response { try await download(req, .departments) }
}
