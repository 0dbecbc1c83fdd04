import Domain
import Fluent
import Foundation
import Probes
import SQLKit

/// Where a check stands: the state machine's value and what the pages show, one row per check, rewritten by the
/// monitor with each result. Kept apart from `Check` so results never touch the configuration's version.
final class CheckStateRecord: Model, @unchecked Sendable {
    static let schema = "check_states"

    @ID(custom: "id", generatedBy: .user) var id: UUID?
    /// `CheckState` as JSON.
    @Field(key: "state") var stateJSON: String
    @Field(key: "status") var statusRaw: String
    @Field(key: "hard_status") var hardStatusRaw: String
    @Field(key: "state_type") var stateTypeRaw: String
    @Field(key: "flapping") var flapping: Bool
    @Field(key: "acknowledged") var acknowledged: Bool
    @Field(key: "unreachable") var unreachable: Bool
    @OptionalField(key: "last_result_at") var lastResultAt: Date?
    @OptionalField(key: "last_ms") var lastMilliseconds: Int?
    @OptionalField(key: "last_value") var lastValue: Int?
    @OptionalField(key: "last_problem") var lastProblem: String?
    @Field(key: "last_detail") var lastDetail: String
    /// Since when the hard status holds.
    @OptionalField(key: "hard_since") var hardSince: Date?
    /// Heartbeats: the last call.
    @OptionalField(key: "last_call_at") var lastCallAt: Date?

    init() {}

    init(checkID: UUID) {
        id = checkID
        stateJSON = Self.encode(CheckState())
        (statusRaw, hardStatusRaw, stateTypeRaw) = (CheckStatus.unknown.rawValue, CheckStatus.ok.rawValue, CheckStateType.hard.rawValue)
        (flapping, acknowledged, unreachable, lastDetail) = (false, false, false, "")
    }

    var state: CheckState { (try? JSONDecoder().decode(CheckState.self, from: Data(stateJSON.utf8))) ?? CheckState() }
    var status: CheckStatus { CheckStatus(rawValue: statusRaw) ?? .unknown }
    var hardStatus: CheckStatus { CheckStatus(rawValue: hardStatusRaw) ?? .ok }
    var problem: ProbeResult.Problem? { lastProblem.flatMap(ProbeResult.Problem.init(rawValue:)) }

    static func encode(_ state: CheckState) -> String {
        String(decoding: (try? JSONEncoder().encode(state)) ?? Data("{}".utf8), as: UTF8.self)
    }

    func apply(_ state: CheckState) {
        stateJSON = Self.encode(state)
        (statusRaw, hardStatusRaw, stateTypeRaw) = (state.status.rawValue, state.hardStatus.rawValue, state.type.rawValue)
        (flapping, acknowledged, unreachable, hardSince) = (state.flapping, state.acknowledged, state.unreachable, state.hardSince)
    }
}
