import Domain
import Foundation
import Vapor

/// Saves the columns a reader chose for a list (the "Columns" menu above the hardware and people lists), or puts the
/// list back to its standard columns. The choice is the reader's own: any signed-in person may make it for a list
/// they can open; it is audited with their account and part of their Art. 15 copy.
struct ListColumnPages: Sendable {
    func save(_ req: Request) async throws -> Response {
        // The lists that have a chooser are the capabilities', handed over by the composition root.
        guard let list = req.parameters.get("id"), let (layout, page) = req.services.composition.listColumns[list] else {
            throw AppError.notFound
        }
        let form = try req.content.decode(FormBody.self).form
        // Back to the list with its filters, never elsewhere.
        let back = form["back"]
        let target = back.hasPrefix(page.path) && !back.contains("//") && !back.contains("\\") ? back : page.path
        let columns: [String]
        if form["reset"].isEmpty {
            switch layout.choose(Array(form.fields(prefixed: "column.").keys)) {
            case .failure(let failure): throw AppError.invalid(failure)
            case .success(let chosen): columns = chosen
            }
        } else {
            columns = []
        }
        _ = try await AccountService(app: req.application, actor: req.auditActor).update(
            req.principal!.userID, expectedVersion: nil, .init(listColumns: (list, columns)))
        return req.redirect(to: target, redirectType: .normal)
    }
}
