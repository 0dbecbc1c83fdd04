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

    func page(
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
