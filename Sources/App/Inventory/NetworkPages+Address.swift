import Domain
import Fluent
import Foundation
import Vapor

/// One address: its page with its form, and changing or removing it.
extension NetworkPages {
    struct AddressForm: Content {
        var address = ""
        var status = IPStatus.active.rawValue
        var dnsName = ""
        var description = ""
        var version: Int?

        init() {}

        init(_ record: IPAddressRecord) {
            address = record.prefixLength.map { "\(record.addressText)/\($0)" } ?? record.addressText
            (status, dnsName, description, version) = (record.status, record.dnsName ?? "", record.description, record.version)
        }

        init(from decoder: any Decoder) throws {
            let form = try FormFields(decoder)
            (address, status, dnsName, description) = (form["address"], form["status"], form["dnsName"], form["description"])
            version = form.version
        }

        var input: IPAMService.AddressInput { .init(address: address, status: status, dnsName: dnsName, description: description) }
    }

    // MARK: One address

    struct AddressContent: Encodable {
        let id: String
        let address: String
        let prefix: String?
        let prefixHref: String?
        let interface: String?
        let interfaceHref: String?
        let dnsName: String
        let status: String
        let description: String
        let canManage: Bool
        let form: AddressForm
        let statuses: [Choice]
        let errors: [String: String]
        let stale: Bool
    }

    func address(_ req: Request) async throws -> Response {
        try await addressPage(req, id: try req.requireID(), form: nil)
    }

    private func addressPage(
        _ req: Request, id: UUID, form: AddressForm?, errors: ValidationFailure? = nil, stale: Bool = false, status: HTTPStatus = .ok
    ) async throws -> Response {
        guard let record = try await IPAddressRecord.find(id, on: req.db) else { throw AppError.notFound }
        let enclosing = try await IPAMService.enclosing(record, on: req.db)
        let interface = try await record.interfaceID.asyncMap { try await CablingService.labels([$0], on: req.db)[$0] } ?? nil
        let form = form ?? AddressForm(record)
        return try await req.page(
            "network/address", titleKey: "network.address", record: record.addressText,
            AddressContent(
                id: id.uuidString, address: record.prefixLength.map { "\(record.addressText)/\($0)" } ?? record.addressText,
                prefix: enclosing?.prefixText, prefixHref: enclosing.map { Paths.networkPrefix.path($0.id!) }, interface: interface,
                interfaceHref: record.interfaceID.map { Paths.networkInterface.path($0) }, dnsName: record.dnsName ?? "",
                status: req.t("ip.status.\(record.status)"), description: record.description, canManage: req.may(.manageInventory),
                form: form, statuses: Self.statusChoices(req, selected: form.status), errors: req.fieldMessages(errors), stale: stale),
            status: status)
    }

    func updateAddress(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let form = try req.content.decode(AddressForm.self)
        return try await req.submit {
            _ = try await service(req).updateAddress(id, expectedVersion: form.version ?? 0, form.input)
            return req.redirect(to: Paths.networkAddress.path(id) + "?done=saved", redirectType: .normal)
        } invalid: { failure in
            return try await addressPage(req, id: id, form: form, errors: failure, status: .unprocessableEntity)
        } stale: {
            return try await addressPage(req, id: id, form: nil, stale: true, status: .conflict)
        }
    }

    func removeAddress(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        let version = try req.content.decode(FormBody.self).form.version
        guard let record = try await IPAddressRecord.find(id, on: req.db) else { throw AppError.notFound }
        let enclosing = try await IPAMService.enclosing(record, on: req.db)
        return try await req.submit {
            try await service(req).deleteAddress(id, expectedVersion: version ?? 0)
            let back = enclosing.map { Paths.networkPrefix.path($0.id!) } ?? Paths.network.path
            return req.redirect(to: back + "?done=removed", redirectType: .normal)
        } stale: {
            try await addressPage(req, id: id, form: nil, stale: true, status: .conflict)
        }
    }
}
