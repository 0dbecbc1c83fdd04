import Domain
import Fluent
import Foundation
import Probes
import SQLKit
import Vapor

struct CheckStateDTO: Content {
    let status: CheckStatus
    let hardStatus: CheckStatus
    let stateType: String
    let flapping: Bool
    let acknowledged: Bool
    let unreachable: Bool
    let lastResultAt: Date?
    let responseMs: Int?
    let value: Int?
    let problem: String?
    let detail: String
    let hardSince: Date?
    let lastCallAt: Date?

    init(_ record: CheckStateRecord?) {
        let record = record ?? CheckStateRecord(checkID: UUID())
        (status, hardStatus, stateType) = (record.status, record.hardStatus, record.stateTypeRaw)
        (flapping, acknowledged, unreachable) = (record.flapping, record.acknowledged, record.unreachable)
        (lastResultAt, responseMs, value, problem, detail) = (
            record.lastResultAt, record.lastMilliseconds, record.lastValue, record.lastProblem, record.lastDetail
        )
        (hardSince, lastCallAt) = (record.hardSince, record.lastCallAt)
    }

    static let schema = JSONSchema.object(
        properties: [
            "status": .string(enumeration: CheckStatus.allCases.map(\.rawValue)),
            "hardStatus": .string(enumeration: CheckStatus.allCases.map(\.rawValue)),
            "stateType": .string(enumeration: CheckStateType.allCases.map(\.rawValue)), "flapping": .boolean, "acknowledged": .boolean,
            "unreachable": .boolean, "lastResultAt": .string(format: "date-time"), "responseMs": .integer(minimum: 0), "value": .integer(),
            "problem": .string(enumeration: ProbeResult.Problem.allCases.map(\.rawValue)), "detail": .string(),
            "hardSince": .string(format: "date-time"), "lastCallAt": .string(format: "date-time"),
        ], required: ["status", "hardStatus", "stateType", "flapping", "acknowledged", "unreachable", "detail"])
}

struct CheckResultDTO: Content {
    let at: Date
    let status: CheckStatus
    let responseMs: Int?
    let value: Int?
    let problem: String?
    let detail: String

    static let schema = JSONSchema.object(
        properties: [
            "at": .string(format: "date-time"), "status": .string(enumeration: CheckStatus.allCases.map(\.rawValue)),
            "responseMs": .integer(minimum: 0), "value": .integer(), "problem": .string(), "detail": .string(),
        ], required: ["at", "status", "detail"])
}
