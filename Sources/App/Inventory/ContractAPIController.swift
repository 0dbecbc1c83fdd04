import Domain
import Fluent
import Foundation
import Vapor

/// Vendors, contracts and deadlines in the JSON API.
struct ContractAPIController: Sendable {
    func service(_ req: Request) -> ContractService { ContractService(app: req.application, actor: req.auditActor) }

    func listContracts(_ req: Request) async throws -> Response {
        let today = try await req.application.organisationToday()
        var contracts = try await Contract.query(on: req.db).all()
        try await ContractService.loadAssetTags(contracts, on: req.db)
        contracts.sort {
            ($0.term?.noticeDeadline(on: today) ?? .distantFuture, $0.title) < (
                $1.term?.noticeDeadline(on: today) ?? .distantFuture, $1.title
            )
        }
        return try .json(contracts.map { ContractDTO($0, today: today) })
    }

    func createContract(_ req: Request) async throws -> Response {
        let (body, present) = try req.decodeStrictWithKeys(ContractBody.self)
        let contract = try await service(req).createContract(try body.merged(over: nil, present: present))
        let response = try Response.json(
            ContractDTO(contract, today: try await req.application.organisationToday()), status: .created, version: contract.version)
        response.headers.replaceOrAdd(name: .location, value: Paths.apiContract.path(contract.id!))
        return response
    }

    func getContract(_ req: Request) async throws -> Response {
        let contract = try await contractRecord(req)
        return try .json(ContractDTO(contract, today: try await req.application.organisationToday()), version: contract.version)
    }

    func updateContract(_ req: Request) async throws -> Response {
        let (id, version) = (try req.requireID(), try req.requiredIfMatchVersion())
        let (body, present) = try req.decodeStrictWithKeys(ContractBody.self)
        let current = try await contractRecord(req)
        let contract = try await service(req).updateContract(id, expectedVersion: version, try body.merged(over: current, present: present))
        return try .json(ContractDTO(contract, today: try await req.application.organisationToday()), version: contract.version)
    }

    func decide(_ req: Request) async throws -> Response {
        let (id, version) = (try req.requireID(), try req.requiredIfMatchVersion())
        let body = try req.decodeStrict(DecisionBody.self)
        let contract = try await service(req).decide(id, expectedVersion: version, decision: body.decision, note: body.note ?? "")
        return try .json(ContractDTO(contract, today: try await req.application.organisationToday()), version: contract.version)
    }

    func deadlines(_ req: Request) async throws -> Response {
        let days = try DeadlineQuery.days(req)
        let today = try await req.application.organisationToday()
        return try .json(try await ContractService.deadlines(on: req.db, today: today, days: days).map(DeadlineDTO.init))
    }

    private func contractRecord(_ req: Request) async throws -> Contract {
        guard let contract = try await Contract.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        try await ContractService.loadAssetTags(contract, on: req.db)
        return contract
    }
}
