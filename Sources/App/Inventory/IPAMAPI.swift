import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

struct IPPrefixDTO: Content {
    let id: UUID
    let prefix: String
    let family: String
    let status: IPStatus
    let siteId: UUID?
    let vlanId: UUID?
    let description: String
    let parent: String?
    let usedAddresses: Int?
    let usableAddresses: Int?
    /// Used ÷ usable, in hundredths of a per cent (1234 = 12.34 %).
    let utilisationBasisPoints: Int?
    let version: Int

    init(_ record: IPPrefixRecord, usage: IPAMService.PrefixUsage? = nil, parent: IPPrefix? = nil) {
        id = record.id!
        prefix = record.prefixText
        family = record.prefix?.family.rawValue ?? ""
        status = IPStatus(rawValue: record.status) ?? .active
        siteId = record.siteID
        vlanId = record.vlanID
        description = record.description
        self.parent = parent?.description
        usedAddresses = usage?.usedAddresses
        usableAddresses = usage?.usableAddresses
        utilisationBasisPoints = usage?.utilisationBasisPoints
        version = record.version
    }

    static let schema = JSONSchema.object(
        properties: [
            "id": .string(format: "uuid"), "prefix": .string(), "family": .string(enumeration: ["v4", "v6"]),
            "status": .string(enumeration: IPStatus.allCases.map(\.rawValue)), "siteId": .string(format: "uuid"),
            "vlanId": .string(format: "uuid"), "description": .string(), "parent": .string(), "usedAddresses": .integer(minimum: 0),
            "usableAddresses": .integer(minimum: 0), "utilisationBasisPoints": .integer(minimum: 0), "version": .integer(minimum: 1),
        ], required: ["id", "prefix", "family", "status", "description", "version"])
}

/// A prefix to record, or (PATCH) the fields to change: those left out keep their values, null clears siteId and vlanId.
struct IPPrefixBody: APIRequestBody {
    let prefix: String?
    let status: String?
    let siteId: UUID?
    let vlanId: UUID?
    let description: String?

    static let fieldNames: Set<String> = ["prefix", "status", "siteId", "vlanId", "description"]
    func validate() -> [FieldError] { [] }  // IPAMService, after merging.

    func merged(over base: IPPrefixRecord?, present: Set<String>) -> IPAMService.PrefixInput {
        func pick<Value>(_ key: String, _ new: Value?, _ old: Value?) -> Value? { present.contains(key) ? new : old }
        return .init(
            prefix: pick("prefix", prefix, base?.prefixText) ?? "",
            status: pick("status", status, base?.status) ?? IPStatus.active.rawValue,
            siteID: pick("siteId", siteId, base?.siteID), vlanID: pick("vlanId", vlanId, base?.vlanID),
            description: pick("description", description, base?.description) ?? "")
    }

    static let properties: [String: JSONSchema] = [
        "prefix": .string(), "status": .string(enumeration: IPStatus.allCases.map(\.rawValue)), "siteId": .string(format: "uuid"),
        "vlanId": .string(format: "uuid"), "description": .string(),
    ]
    static let schema = JSONSchema.object(properties: properties, required: ["prefix"])
    static let patchSchema = JSONSchema.object(properties: properties, required: [])
}

struct IPAddressDTO: Content {
    let id: UUID
    let address: String
    let prefixLength: Int?
    let status: IPStatus
    let dnsName: String?
    let description: String
    let interfaceId: UUID?
    let version: Int

    init(_ record: IPAddressRecord) {
        id = record.id!
        address = record.addressText
        prefixLength = record.prefixLength
        status = IPStatus(rawValue: record.status) ?? .active
        dnsName = record.dnsName
        description = record.description
        interfaceId = record.interfaceID
        version = record.version
    }

    static let schema = JSONSchema.object(
        properties: [
            "id": .string(format: "uuid"), "address": .string(), "prefixLength": .integer(minimum: 0),
            "status": .string(enumeration: IPStatus.allCases.map(\.rawValue)), "dnsName": .string(), "description": .string(),
            "interfaceId": .string(format: "uuid"), "version": .integer(minimum: 1),
        ], required: ["id", "address", "status", "description", "version"])
}

/// An address to record, or (PATCH) the fields to change: those left out keep their values.
struct IPAddressBody: APIRequestBody {
    let address: String?
    let status: String?
    let dnsName: String?
    let description: String?
    /// On creation only: the prefix the address is meant for; refused when the address lies outside it.
    let prefixId: UUID?

    static let fieldNames: Set<String> = ["address", "status", "dnsName", "description", "prefixId"]
    func validate() -> [FieldError] { [] }  // IPAMService, after merging.

    func merged(over base: IPAddressRecord?, present: Set<String>) -> IPAMService.AddressInput {
        func pick(_ key: String, _ new: String?, _ old: String?) -> String? { present.contains(key) ? new : old }
        // The stored mask goes with the stored address, unless the new address brings its own.
        let stored = base.map { record in record.prefixLength.map { "\(record.addressText)/\($0)" } ?? record.addressText }
        return .init(
            address: pick("address", address, stored) ?? "", status: pick("status", status, base?.status) ?? IPStatus.active.rawValue,
            dnsName: pick("dnsName", dnsName, base?.dnsName), description: pick("description", description, base?.description) ?? "",
            prefixID: base == nil ? prefixId : nil)
    }

    static let properties: [String: JSONSchema] = [
        "address": .string(), "status": .string(enumeration: IPStatus.allCases.map(\.rawValue)), "dnsName": .string(),
        "description": .string(),
    ]
    static let schema = JSONSchema.object(
        properties: properties.merging(["prefixId": .string(format: "uuid")]) { $1 }, required: ["address"])
    static let patchSchema = JSONSchema.object(properties: properties, required: [])
}

struct NextFreeDTO: Content {
    let prefix: String
    /// Nil when every usable address is taken.
    let address: String?

    static let schema = JSONSchema.object(properties: ["prefix": .string(), "address": .string()], required: ["prefix"])
}

/// The IPAM part of the JSON API.
struct IPAMAPIController: Sendable {
    private func service(_ req: Request) -> IPAMService { IPAMService(app: req.application, actor: req.auditActor) }

    func listPrefixes(_ req: Request) async throws -> Response {
        try .json(try await IPPrefixRecord.query(on: req.db).sort(\.$firstKey).sort(\.$length).all().map { IPPrefixDTO($0) })
    }

    func createPrefix(_ req: Request) async throws -> Response {
        let (body, present) = try req.decodeStrictWithKeys(IPPrefixBody.self)
        let record = try await service(req).createPrefix(body.merged(over: nil, present: present))
        let response = try Response.json(try await detail(record, on: req.db), status: .created, version: record.version)
        response.headers.replaceOrAdd(name: .location, value: Paths.apiIPPrefix.path(record.id!))
        return response
    }

    func getPrefix(_ req: Request) async throws -> Response {
        let record = try await prefixRecord(req)
        return try .json(try await detail(record, on: req.db), version: record.version)
    }

    func updatePrefix(_ req: Request) async throws -> Response {
        let version = try req.requiredIfMatchVersion()
        let (body, present) = try req.decodeStrictWithKeys(IPPrefixBody.self)
        let current = try await prefixRecord(req)
        let record = try await service(req).updatePrefix(
            current.id!, expectedVersion: version, body.merged(over: current, present: present))
        return try .json(try await detail(record, on: req.db), version: record.version)
    }

    func deletePrefix(_ req: Request) async throws -> Response {
        try await service(req).deletePrefix(try req.requireID(), expectedVersion: try req.optionalIfMatchVersion())
        return Response(status: .noContent)
    }

    private func detail(_ record: IPPrefixRecord, on db: any Database) async throws -> IPPrefixDTO {
        let prefix = record.prefix!
        return IPPrefixDTO(
            record, usage: try await IPAMService.usage(of: prefix, on: db), parent: try await IPAMService.parent(of: prefix, on: db))
    }

    func nextFree(_ req: Request) async throws -> Response {
        let prefix = try await prefixRecord(req).prefix!
        return try .json(
            NextFreeDTO(prefix: prefix.description, address: try await IPAMService.nextFree(in: prefix, on: req.db)?.description))
    }

    /// Addresses in address order; `prefix` keeps those inside one prefix (given as text, such as 10.1.0.0/16).
    func listAddresses(_ req: Request) async throws -> Response {
        struct Filters: Content {
            var limit: Int?
            var offset: Int?
            var prefix: String?
        }
        let filters = try req.filters(Filters.self)
        let query = try ListQuery.parse(
            limit: filters.limit, offset: filters.offset, sort: nil, allowedSorts: ["address"], defaultSort: "address"
        ).get()
        let prefix = try filters.prefix?.nilIfEmpty.map { text throws(ValidationFailure) in try IPAMService.parsePrefix(text) }
        let (page, total) = try await IPAMService.addressPage(in: prefix, query: query, on: req.db)
        return try .json(Page(items: page.map(IPAddressDTO.init), total: total, query: query))
    }

    func createAddress(_ req: Request) async throws -> Response {
        let (body, present) = try req.decodeStrictWithKeys(IPAddressBody.self)
        let record = try await service(req).createAddress(body.merged(over: nil, present: present))
        let response = try Response.json(IPAddressDTO(record), status: .created, version: record.version)
        response.headers.replaceOrAdd(name: .location, value: Paths.apiIPAddress.path(record.id!))
        return response
    }

    func getAddress(_ req: Request) async throws -> Response {
        let record = try await addressRecord(req)
        return try .json(IPAddressDTO(record), version: record.version)
    }

    func updateAddress(_ req: Request) async throws -> Response {
        let version = try req.requiredIfMatchVersion()
        let (body, present) = try req.decodeStrictWithKeys(IPAddressBody.self)
        let current = try await addressRecord(req)
        let record = try await service(req).updateAddress(
            current.id!, expectedVersion: version, body.merged(over: current, present: present))
        return try .json(IPAddressDTO(record), version: record.version)
    }

    func deleteAddress(_ req: Request) async throws -> Response {
        try await service(req).deleteAddress(try req.requireID(), expectedVersion: try req.optionalIfMatchVersion())
        return Response(status: .noContent)
    }

    private func addressRecord(_ req: Request) async throws -> IPAddressRecord {
        guard let record = try await IPAddressRecord.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        return record
    }

    private func prefixRecord(_ req: Request) async throws -> IPPrefixRecord {
        guard let record = try await IPPrefixRecord.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        return record
    }
}

/// What the OpenAPI document says of the IPAM routes.
enum IPAMAPIDocs {
    static let listPrefixes = APIDoc(
        summary: "Every IP prefix, in address order (enclosing prefixes first).", response: .array(.ref("IPPrefix")))
    static let createPrefix = APIDoc(
        summary: "Record a prefix (CIDR, network address); a duplicate is refused (422 taken), host bits set give host_bits_set.",
        requestBody: .ref("IPPrefixBody"), response: .ref("IPPrefix"), successStatus: 201)
    static let getPrefix = APIDoc(
        summary: "One prefix with its parent and utilisation; the ETag is its version.", response: .ref("IPPrefix"))
    static let updatePrefix = APIDoc(
        summary:
            "Change a prefix (If-Match: its version); fields left out keep their values. The VLAN must be at the prefix's site (422 vlan_other_site).",
        requestBody: .ref("IPPrefixPatch"), response: .ref("IPPrefix"), conditional: true)
    static let deletePrefix = APIDoc(
        summary: "Remove a prefix; the addresses inside it stay. With If-Match, a prefix changed since is not removed (412).",
        successStatus: 204)
    static let nextFree = APIDoc(
        summary: "The lowest usable address of the prefix that no recorded address takes.", response: .ref("NextFree"))
    static let listAddresses = APIDoc(
        summary: "IP addresses in address order.",
        query: APIDocs.paging + [
            .init(name: "prefix", schema: .string(), description: "Only addresses inside this prefix, e.g. 10.1.0.0/16.")
        ],
        response: .page(of: "IPAddress"))
    static let createAddress = APIDoc(
        summary:
            "Record an address (optionally with the interface's mask); an address already recorded, in any spelling, is refused (422 taken).",
        requestBody: .ref("IPAddressBody"), response: .ref("IPAddress"), successStatus: 201)

    static let getAddress = APIDoc(summary: "One address; the ETag is its version.", response: .ref("IPAddress"))
    static let updateAddress = APIDoc(
        summary: "Change an address (If-Match: its version); fields left out keep their values, the interface it is on stays.",
        requestBody: .ref("IPAddressPatch"), response: .ref("IPAddress"), conditional: true)
    static let deleteAddress = APIDoc(
        summary: "Remove an address. With If-Match, an address changed since is not removed (412).", successStatus: 204)

    static let schemas: [String: JSONSchema] = [
        "IPPrefix": IPPrefixDTO.schema, "IPPrefixBody": IPPrefixBody.schema, "IPPrefixPatch": IPPrefixBody.patchSchema,
        "IPAddress": IPAddressDTO.schema, "IPAddressBody": IPAddressBody.schema, "IPAddressPatch": IPAddressBody.patchSchema,
        "NextFree": NextFreeDTO.schema,
    ]
}
