import Domain
import Fluent
import Foundation
import Vapor

/// The hardware list's bulk actions: check in, change status, check out to one person, or export the ticked assets.
/// The moves are all made in one transaction or none is: if any asset refuses (a status it cannot move to, a change
/// made meanwhile), the list comes back naming each refused asset and why, and nothing has changed.
extension AssetPages {
    /// The bulk form under the list, and what the last attempt refused.
    struct BulkContent: Encodable {
        struct Refusal: Encodable {
            let tag: String
            let href: String
            let message: String
        }

        let actions: [Choice]
        let statuses: [Choice]
        let refusals: [Refusal]
        let error: String?

        init(_ req: Request, refusals: [Refusal], error: String? = nil, form: BulkForm? = nil) {
            actions = Choice.list(req, BulkAssetAction.allCases, key: \.labelKey, selected: form?.action)
            statuses = Choice.list(
                req, AssetStatus.allCases.filter { $0 != .deployed }, key: \.labelKey, selected: form?.status)
            (self.refusals, self.error) = (refusals, error)
        }
    }

    struct BulkForm: Content {
        var action = ""
        var status = ""
        var employeeNumber = ""
        var reason = ""
        /// `asset.<id>` = the version the list showed.
        var selected: [String: String] = [:]

        init(from decoder: any Decoder) throws {
            let form = try FormFields(decoder)
            (action, status, employeeNumber, reason) = (form["action"], form["status"], form["employeeNumber"], form["reason"])
            selected = form.fields(prefixed: "asset.")
        }
    }

    /// Each form field's name as the refusal says it.
    private static let fieldLabels = [
        "action": "bulk.field.action", "status": "bulk.field.status", "employeeNumber": "bulk.field.employee",
        "reason": "bulk.field.reason", "assets": "bulk.field.assets",
    ]

    private static func explain(_ failure: ValidationFailure, _ req: Request) -> String {
        failure.errors.map { req.t(fieldLabels[$0.field] ?? "bulk.field.assets") + ": " + req.message($0) }.joined(separator: " ")
    }

    /// Thrown inside the transaction to undo it: the assets that refused, by id.
    private struct Refused: Error {
        let refusals: [(id: UUID, message: String)]
    }

    func bulk(_ req: Request) async throws -> Response {
        let form = try req.content.decode(BulkForm.self)
        // Back to the list with the filters the form was posted with (its address carries them).
        let back = Paths.hardware.path + (req.url.query.map { "?" + $0 } ?? "")
        let change: BulkAssetChange
        switch BulkAssetChange.parse(
            action: form.action, selected: form.selected, status: form.status, employeeNumber: form.employeeNumber, reason: form.reason)
        {
        case .failure(let failure):
            return try await listPage(req, bulk: [], error: Self.explain(failure, req), form: form, status: .unprocessableEntity)
        case .success(let parsed): change = parsed
        }
        let ids = change.assets.map(\.id)
        if change.action == .export {
            let data = try await AssetTable.export(on: req.db, format: ExportFormat.csv, only: Set(ids))
            let response = Response(status: .ok, body: .init(data: data))
            response.headers.contentType = ExportFormat.csv.contentType
            response.headers.replaceOrAdd(name: HTTPHeaders.Name.contentDisposition, value: "attachment; filename=\"assets-selected.csv\"")
            return response
        }
        var holder: AssetService.Holder?
        if change.action == .assign {
            do {
                guard let employee = try await Employee.byNumber(change.employeeNumber, field: "employeeNumber", on: req.db) else {
                    throw ValidationFailure([FieldError(field: "employeeNumber", code: .notFound, value: change.employeeNumber)])
                }
                holder = .employee(employee.id!)
            } catch let failure as ValidationFailure {
                return try await listPage(req, bulk: [], error: Self.explain(failure, req), form: form, status: .unprocessableEntity)
            }
        }
        let input = AssetService.MoveInput(to: change.targetStatus?.rawValue ?? "", reason: change.reason, holder: holder)
        let actor = req.auditActor
        let now = req.services.clock.now()
        let messages = { @Sendable (failure: ValidationFailure) in failure.errors.map { req.message($0) }.joined(separator: " ") }
        let stale = req.t("bulk.stale")
        let missing = req.t("bulk.missing")
        do {
            try await req.application.write { db in
                var refusals: [(id: UUID, message: String)] = []
                for asset in change.assets {
                    do {
                        _ = try await AssetService.move(asset.id, expectedVersion: asset.version, input, actor: actor, at: now, on: db)
                    } catch let failure as ValidationFailure {
                        refusals.append((asset.id, messages(failure)))
                    } catch let error as AppError where error.code == AppError.preconditionFailed.code {
                        refusals.append((asset.id, stale))
                    } catch let error as AppError where error.code == AppError.notFound.code {
                        refusals.append((asset.id, missing))
                    }
                }
                if !refusals.isEmpty { throw Refused(refusals: refusals) }
            }
        } catch let refused as Refused {
            let tags = try await Asset.query(on: req.db).filter(\.$id ~~ refused.refusals.map(\.id)).all()
            let tagOf = Dictionary(uniqueKeysWithValues: tags.compactMap { asset in asset.id.map { ($0, asset.tag) } })
            let rows = refused.refusals.map {
                BulkContent.Refusal(tag: tagOf[$0.id] ?? $0.id.uuidString, href: Paths.hardwareAsset.path($0.id), message: $0.message)
            }
            return try await listPage(req, bulk: rows, error: nil, form: form, status: .conflict)
        }
        var components = URLComponents(string: back) ?? URLComponents()
        components.queryItems =
            (components.queryItems ?? []).filter { !["done", "count"].contains($0.name) } + [
                URLQueryItem(name: "done", value: Flash.moved.rawValue), URLQueryItem(name: "count", value: String(ids.count)),
            ]
        return req.redirect(to: components.string ?? Paths.hardware.path, redirectType: .normal)
    }
}
