import Domain
import Fluent
import Foundation
import Vapor

/// Importing a file: checked or imported from the upload page, or through the API.
extension FileTransfer {
    /// Checks or imports the chosen file — or, when none is chosen, the one this person checked last on this page.
    func upload(_ req: Request, _ kind: any TransferableTable) async throws -> Response {
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

    func apiImport(_ req: Request, _ kind: any TransferableTable) async throws -> Response {
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
}
