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
            "status": .string(enumeration: IPStatus.allCases.map(\.rawValue)), "siteId": .string(format: "uuid"), "description": .string(),
            "parent": .string(), "usedAddresses": .integer(minimum: 0), "usableAddresses": .integer(minimum: 0),
            "utilisationBasisPoints": .integer(minimum: 0), "version": .integer(minimum: 1),
        ], required: ["id", "prefix", "family", "status", "description", "version"])
}

struct IPPrefixBody: APIRequestBody {
    let prefix: String
    let status: String?
    let siteId: UUID?
    let description: String?

    static let fieldNames: Set<String> = ["prefix", "status", "siteId", "description"]
    func validate() -> [FieldError] { [Validate.required(prefix, field: "prefix", maxLength: 64)].compactMap { $0 } }
    var input: IPAMService.PrefixInput {
        .init(prefix: prefix, status: status ?? IPStatus.active.rawValue, siteID: siteId, description: description ?? "")
    }

    static let schema = JSONSchema.object(
        properties: [
            "prefix": .string(), "status": .string(enumeration: IPStatus.allCases.map(\.rawValue)), "siteId": .string(format: "uuid"),
            "description": .string(),
        ], required: ["prefix"])
}

struct IPAddressDTO: Content {
    let id: UUID
    let address: String
    let prefixLength: Int?
    let status: IPStatus
    let dnsName: String?
    let description: String
    let version: Int

    init(_ record: IPAddressRecord) {
        id = record.id!
        address = record.addressText
        prefixLength = record.prefixLength
        status = IPStatus(rawValue: record.status) ?? .active
        dnsName = record.dnsName
        description = record.description
        version = record.version
    }

    static let schema = JSONSchema.object(
        properties: [
            "id": .string(format: "uuid"), "address": .string(), "prefixLength": .integer(minimum: 0),
            "status": .string(enumeration: IPStatus.allCases.map(\.rawValue)), "dnsName": .string(), "description": .string(),
            "version": .integer(minimum: 1),
        ], required: ["id", "address", "status", "description", "version"])
}

struct IPAddressBody: APIRequestBody {
    let address: String
    let status: String?
    let dnsName: String?
    let description: String?

    static let fieldNames: Set<String> = ["address", "status", "dnsName", "description"]
    func validate() -> [FieldError] { [Validate.required(address, field: "address", maxLength: 64)].compactMap { $0 } }
    var input: IPAMService.AddressInput {
        .init(
            address: address, status: status ?? IPStatus.active.rawValue, dnsName: dnsName, description: description ?? "")
    }

    static let schema = JSONSchema.object(
        properties: [
            "address": .string(),
            "status": .string(enumeration: IPStatus.allCases.map(\.rawValue)), "dnsName": .string(), "description": .string(),
        ], required: ["address"])
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
        let record = try await service(req).createPrefix(try req.decodeStrict(IPPrefixBody.self).input)
        let response = try Response.json(try await detail(record, on: req.db), status: .created, version: record.version)
        response.headers.replaceOrAdd(name: .location, value: Paths.apiIPPrefix.path(record.id!))
        return response
    }

    func getPrefix(_ req: Request) async throws -> Response {
        let record = try await prefixRecord(req)
        return try .json(try await detail(record, on: req.db), version: record.version)
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
        let filters = try req.query.decode(Filters.self)
        let query = try ListQuery.parse(
            limit: filters.limit, offset: filters.offset, sort: nil, allowedSorts: ["address"], defaultSort: "address"
        ).get()
        let prefix = try filters.prefix?.nilIfEmpty.map { text throws(ValidationFailure) in try IPAMService.parsePrefix(text) }
        let (page, total) = try await IPAMService.addressPage(in: prefix, query: query, on: req.db)
        return try .json(Page(items: page.map(IPAddressDTO.init), total: total, query: query))
    }

    func createAddress(_ req: Request) async throws -> Response {
        let record = try await service(req).createAddress(try req.decodeStrict(IPAddressBody.self).input)
        return try .json(IPAddressDTO(record), status: .created, version: record.version)
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

    static let schemas: [String: JSONSchema] = [
        "IPPrefix": IPPrefixDTO.schema, "IPPrefixBody": IPPrefixBody.schema, "IPAddress": IPAddressDTO.schema,
        "IPAddressBody": IPAddressBody.schema, "NextFree": NextFreeDTO.schema,
    ]
}
