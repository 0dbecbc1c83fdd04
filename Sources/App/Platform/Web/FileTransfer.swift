import Domain
import Fluent
import Foundation
import Vapor

/// One table that can be imported and exported as a file: its columns, its pages and its rules. The composition
/// root lists them (`TransferTable`).
protocol TransferableTable: Sendable {
    /// "employees": the file's name, the page title's key and the command line's word for it.
    var name: String { get }
    var columns: [String] { get }
    /// Whether the table can import only the valid rows of a file (its rows do not depend on each other).
    var offersValidRowsOnly: Bool { get }
    var importPath: Paths { get }
    var exportPath: Paths { get }
    func run(_ data: [UInt8], commit: Bool, mode: ImportMode, app: Application, actor: AuditActor, language: Language) async throws
        -> ImportReport
    func export(on db: any Database, format: ExportFormat) async throws -> Data
}

extension TransferableTable {
    func run(_ data: [UInt8], commit: Bool, mode: ImportMode, _ req: Request) async throws -> ImportReport {
        try await run(data, commit: commit, mode: mode, app: req.application, actor: req.auditActor, language: req.language)
    }
}

/// Import and export of whole tables as files: the upload page, the API, the downloads. Each table has its own
/// columns and rules; they share the check-then-import flow and the report.
struct FileTransfer: Sendable {
    struct PageContent: Encodable {
        let titleKey: String
        let action: String
        let exportHref: String
        let columns: String
        let report: ImportReport?
        let checked: Bool
        let offersValidRowsOnly: Bool
        let validRowsOnly: Bool
        /// The file last checked, kept so that Import needs no second upload.
        let checkedFile: CheckedFile?
        let fileError: String?
    }

    struct CheckedFile: Encodable {
        let token: String
        let name: String
        let size: String
    }

    struct Upload: Content {
        /// Empty when the person imports the file they checked before (`checked`).
        var file: File?
        var checked: String?
        var action: String?
        /// "on" when the valid rows alone are to be imported.
        var validOnly: String?
    }

    private func page(
        _ req: Request, _ kind: any TransferableTable, report: ImportReport? = nil, checked: Bool = false, mode: ImportMode = .allOrNothing,
        checkedFile: CheckedFile? = nil, fileError: String? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        try await req.page(
            "import", titleKey: "import.\(kind.name)",
            PageContent(
                titleKey: "import.\(kind.name)", action: kind.importPath.path, exportHref: kind.exportPath.path,
                columns: kind.columns.joined(separator: ", "), report: report, checked: checked,
                offersValidRowsOnly: kind.offersValidRowsOnly, validRowsOnly: mode == .validRowsOnly, checkedFile: checkedFile,
                fileError: fileError), status: status)
    }

    /// Checks or imports the chosen file — or, when none is chosen, the one this person checked last on this page.
    private func upload(_ req: Request, _ kind: any TransferableTable) async throws -> Response {
        let form = try req.content.decode(Upload.self)
        let commit = form.action == "import"
        let mode: ImportMode = kind.offersValidRowsOnly && form.validOnly == "on" ? .validRowsOnly : .allOrNothing
        let store = req.services.checkedUploads
        guard let owner = req.principal?.userID else { throw AppError.unauthenticated }
        let (data, name): ([UInt8], String)
        if let file = form.file, file.data.readableBytes > 0 || !file.filename.isEmpty {
            (data, name) = (Array(buffer: file.data), file.filename)
        } else if let token = form.checked, let kept = await store.file(token, kind: kind.name, owner: owner, at: req.now) {
            (data, name) = (kept.data, kept.name)
        } else {
            let problem = form.checked?.nilIfEmpty == nil ? "import.choose_file" : "import.choose_again"
            return try await page(req, kind, mode: mode, fileError: req.t(problem), status: .unprocessableEntity)
        }
        do {
            let report = try await kind.run(data, commit: commit, mode: mode, req)
            if let token = form.checked { await store.forget(token) }
            // Until it is imported, the file stays at hand for the next click.
            let kept =
                report.committed
                ? nil
                : CheckedFile(
                    token: await store.keep(data, name: name, kind: kind.name, owner: owner, at: req.now), name: name,
                    size: req.services.localizer.bytes(Int64(data.count), req.language))
            return try await page(
                req, kind, report: report, checked: !commit, mode: mode, checkedFile: kept,
                status: report.errors.isEmpty || report.committed ? .ok : .unprocessableEntity)
        } catch let error as AppError where error.code == AppError.preconditionFailed.code {
            throw AppError.importStale
        }
    }

    private func apiImport(_ req: Request, _ kind: any TransferableTable) async throws -> Response {
        guard let buffer = req.body.data else { throw AppError.malformedBody }
        let contentType = req.headers.contentType
        guard contentType?.subType == "csv" || contentType?.subType == "json" || contentType?.type == "text" else {
            throw AppError.unsupportedMediaType
        }
        let commit = (try? req.query.get(Bool.self, at: "commit")) ?? false
        let mode =
            try (req.query[String.self, at: "mode"]).map { raw in
                guard let mode = ImportMode(rawValue: raw), mode == .allOrNothing || kind.offersValidRowsOnly else {
                    throw ValidationFailure([FieldError(field: "mode", code: .invalid)])
                }
                return mode
            } ?? .allOrNothing
        do {
            let report = try await kind.run(Array(buffer: buffer), commit: commit, mode: mode, req)
            return try .json(report, status: report.errors.isEmpty || report.committed ? .ok : .unprocessableEntity)
        } catch let error as AppError where error.code == AppError.preconditionFailed.code {
            throw AppError.importStale
        }
    }

    private func download(_ req: Request, _ kind: any TransferableTable) async throws -> Response {
        let raw = (try? req.query.get(String.self, at: "format")) ?? "csv"
        guard let format = ExportFormat(rawValue: raw) else {
            throw ValidationFailure([FieldError(field: "format", code: .invalid)])
        }
        let data = try await kind.export(on: req.db, format: format)
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.contentType = format.contentType
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(kind.name).\(format.rawValue)\"")
        return response
    }

    /// The upload page, the upload, the API import and the download of one kind, for the routes.
    struct Handlers: Sendable {
        let page: @Sendable (Request) async throws -> Response
        let upload: @Sendable (Request) async throws -> Response
        let apiImport: @Sendable (Request) async throws -> Response
        let download: @Sendable (Request) async throws -> Response
    }

    func handlers(_ kind: any TransferableTable) -> Handlers {
        Handlers(
            page: { try await page($0, kind) }, upload: { try await upload($0, kind) }, apiImport: { try await apiImport($0, kind) },
            download: { try await download($0, kind) })
    }
}
