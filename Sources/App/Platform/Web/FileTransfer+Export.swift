import Domain
import Fluent
import Foundation
import Vapor

/// Exporting a table: the download, as CSV or JSON.
extension FileTransfer {
    func download(_ req: Request, _ kind: any TransferableTable) async throws -> Response {
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
}
