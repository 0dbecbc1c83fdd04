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

struct CheckDTO: Content {
    let id: UUID
    let name: String
    let kind: CheckKind
    let target: String
    let port: Int?
    let intervalSeconds: Int
    let timeoutSeconds: Int
    let problemsBeforeHard: Int
    let successesToRecover: Int
    let warning: Int?
    let critical: Int?
    let settings: CheckSettings
    let assetId: UUID?
    let service: String
    let parentId: UUID?
    let channelIds: [UUID]
    let escalateAfterMinutes: Int?
    let enabled: Bool
    let statusPage: Bool
    /// Heartbeats, for those who manage checks: the URL the job calls.
    let heartbeatUrl: String?
    let state: CheckStateDTO
    let version: Int

    init(_ check: Check, state: CheckStateRecord?, heartbeatURL: String?) {
        (id, name, kind, target, port) = (check.id!, check.name, check.kind, check.target, check.port)
        (intervalSeconds, timeoutSeconds) = (check.intervalSeconds, check.timeoutSeconds)
        (problemsBeforeHard, successesToRecover, warning, critical) = (
            check.problemsBeforeHard, check.successesToRecover, check.warning, check.critical
        )
        (settings, assetId, service, parentId, channelIds) = (
            check.settings, check.assetID, check.service, check.parentID, check.channelIDs
        )
        (escalateAfterMinutes, enabled, heartbeatUrl) = (check.escalateAfterMinutes, check.enabled, heartbeatURL)
        statusPage = check.onStatusPage
        self.state = CheckStateDTO(state)
        version = check.version
    }

    static let settingsSchema = JSONSchema.object(
        properties: [
            "banner": .string(), "method": .string(enumeration: ["GET", "HEAD", "POST"]), "statuses": .string(), "bodyContains": .string(),
            "bodyExcludes": .string(), "followRedirects": .boolean, "verifyCertificate": .boolean, "serverName": .string(),
            "recordType": .string(enumeration: DNSMessage.RecordType.allCases.map(\.rawValue)), "resolver": .string(),
            "expected": .string(), "community": .string(), "oids": .array(.string()), "graceSeconds": .integer(minimum: 0),
        ], required: [])

    static let fieldSchemas: [String: JSONSchema] = [
        "name": .string(), "kind": .string(enumeration: CheckKind.allCases.map(\.rawValue)), "target": .string(),
        "port": .nullable(.integer(minimum: 1, maximum: 65535)),
        "intervalSeconds": .integer(
            minimum: CheckDefinition.intervalRange.lowerBound, maximum: CheckDefinition.heartbeatPeriodRange.upperBound),
        "timeoutSeconds": .integer(minimum: 1, maximum: CheckDefinition.timeoutRange.upperBound),
        "problemsBeforeHard": .integer(minimum: 1, maximum: 10), "successesToRecover": .integer(minimum: 1, maximum: 10),
        "warning": .nullable(.integer(minimum: 0)), "critical": .nullable(.integer(minimum: 0)), "settings": .ref("CheckSettings"),
        "assetId": .nullable(.string(format: "uuid")), "service": .string(), "parentId": .nullable(.string(format: "uuid")),
        "channelIds": .array(.string(format: "uuid")), "escalateAfterMinutes": .nullable(.integer(minimum: 1, maximum: 10_080)),
        "enabled": .boolean, "statusPage": .boolean,
    ]

    static let schema = JSONSchema.object(
        properties: fieldSchemas.merging([
            "id": .string(format: "uuid"), "heartbeatUrl": .string(), "state": .ref("CheckState"), "version": .integer(minimum: 1),
        ]) { $1 },
        required: [
            "id", "name", "kind", "target", "intervalSeconds", "timeoutSeconds", "problemsBeforeHard", "successesToRecover", "settings",
            "service", "channelIds", "enabled", "statusPage", "state", "version",
        ])
}

/// A check as a POST or PATCH gives it; in a PATCH what is left out keeps its value.
struct CheckBody: APIRequestBody {
    let name: String?
    /// Text, so an unknown kind is named as the field in error rather than refused as a malformed body.
    let kind: String?
    let target: String?
    let port: Int?
    let intervalSeconds: Int?
    let timeoutSeconds: Int?
    let problemsBeforeHard: Int?
    let successesToRecover: Int?
    let warning: Int?
    let critical: Int?
    let settings: CheckSettings?
    let assetId: UUID?
    let service: String?
    let parentId: UUID?
    let channelIds: [UUID]?
    let escalateAfterMinutes: Int?
    let enabled: Bool?
    let statusPage: Bool?

    static let fieldNames = Set(CheckDTO.fieldSchemas.keys)
    func validate() -> [FieldError] { [] }  // CheckService.Input.validate, after merging.

    func merged(over base: Check?, present: Set<String>) throws -> CheckService.Input {
        func pick<T>(_ key: String, _ new: T?, _ old: T?) -> T? { present.contains(key) ? new : old }
        guard let text = pick("kind", kind, base?.kindRaw) else { throw ValidationFailure([FieldError(field: "kind", code: .required)]) }
        guard let kind = CheckKind(rawValue: text) else { throw ValidationFailure([FieldError(field: "kind", code: .invalid)]) }
        let definition = CheckDefinition(
            kind: kind, target: pick("target", target, base?.target) ?? "", port: pick("port", port, base?.port),
            intervalSeconds: pick("intervalSeconds", intervalSeconds, base?.intervalSeconds) ?? 60,
            timeoutSeconds: pick("timeoutSeconds", timeoutSeconds, base?.timeoutSeconds) ?? 10,
            policy: CheckPolicy(
                problemsBeforeHard: pick("problemsBeforeHard", problemsBeforeHard, base?.problemsBeforeHard) ?? 3,
                successesToRecover: pick("successesToRecover", successesToRecover, base?.successesToRecover) ?? 1),
            warning: pick("warning", warning, base?.warning), critical: pick("critical", critical, base?.critical),
            settings: pick("settings", settings, base?.settings) ?? CheckSettings())
        return CheckService.Input(
            name: pick("name", name, base?.name) ?? "", definition: definition, assetID: pick("assetId", assetId, base?.assetID),
            service: pick("service", service, base?.service) ?? "", parentID: pick("parentId", parentId, base?.parentID),
            channelIDs: pick("channelIds", channelIds, base?.channelIDs) ?? [],
            escalateAfterMinutes: pick("escalateAfterMinutes", escalateAfterMinutes, base?.escalateAfterMinutes),
            enabled: pick("enabled", enabled, base?.enabled) ?? true,
            onStatusPage: pick("statusPage", statusPage, base?.onStatusPage) ?? false)
    }
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

struct AlertDTO: Content {
    struct Event: Content {
        let at: Date
        let kind: String
        let detail: String
    }

    let id: UUID
    let checkId: UUID
    let checkName: String
    let assetId: UUID?
    let status: CheckStatus
    let openedAt: Date
    let closedAt: Date?
    let acknowledgedAt: Date?
    let acknowledgedBy: String?
    let comment: String
    let escalatedAt: Date?
    let announced: Bool
    let timeline: [Event]

    init(_ alert: Alert, checkName: String, events: [AlertEvent]) {
        (id, checkId, self.checkName, assetId, status) = (alert.id!, alert.checkID, checkName, alert.assetID, alert.status)
        (openedAt, closedAt, acknowledgedAt, acknowledgedBy) = (alert.openedAt, alert.closedAt, alert.acknowledgedAt, alert.acknowledgedBy)
        (comment, escalatedAt, announced) = (alert.comment, alert.escalatedAt, alert.announced)
        timeline = events.map { Event(at: $0.at, kind: $0.kindRaw, detail: $0.detail) }
    }

    static let schema = JSONSchema.object(
        properties: [
            "id": .string(format: "uuid"), "checkId": .string(format: "uuid"), "checkName": .string(), "assetId": .string(format: "uuid"),
            "status": .string(enumeration: CheckStatus.allCases.map(\.rawValue)), "openedAt": .string(format: "date-time"),
            "closedAt": .string(format: "date-time"), "acknowledgedAt": .string(format: "date-time"), "acknowledgedBy": .string(),
            "comment": .string(), "escalatedAt": .string(format: "date-time"), "announced": .boolean,
            "timeline": .array(
                .object(
                    properties: [
                        "at": .string(format: "date-time"), "kind": .string(enumeration: AlertEvent.Kind.allCases.map(\.rawValue)),
                        "detail": .string(),
                    ], required: ["at", "kind", "detail"])),
        ], required: ["id", "checkId", "checkName", "status", "openedAt", "comment", "announced", "timeline"])
}

struct MaintenanceWindowDTO: Content {
    let id: UUID
    let name: String
    let scope: MaintenanceWindow.Scope
    let scopeId: UUID
    let starts: String
    let durationMinutes: Int
    let timeZone: String
    let rrule: String
    /// The next window that has not ended, in UTC.
    let nextStart: Date?
    let nextEnd: Date?
    let version: Int

    init(_ window: MaintenanceWindow, now: Date) {
        (id, name, scope, scopeId, starts) = (window.id!, window.name, window.scope, window.scopeID, window.startsLocal)
        (durationMinutes, timeZone, rrule, version) = (window.durationMinutes, window.timeZoneID, window.rrule, window.version)
        let next = MaintenanceCalendar.schedule(window)?.windows(overlapping: DateInterval(start: now, duration: 400 * 86400), limit: 1)
            .first
        (nextStart, nextEnd) = (next?.start, next?.end)
    }

    static let schema = JSONSchema.object(
        properties: [
            "id": .string(format: "uuid"), "name": .string(),
            "scope": .string(enumeration: MaintenanceWindow.Scope.allCases.map(\.rawValue)),
            "scopeId": .string(format: "uuid"), "starts": .string(), "durationMinutes": .integer(minimum: 1), "timeZone": .string(),
            "rrule": .string(), "nextStart": .string(format: "date-time"), "nextEnd": .string(format: "date-time"),
            "version": .integer(minimum: 1),
        ], required: ["id", "name", "scope", "scopeId", "starts", "durationMinutes", "timeZone", "rrule", "version"])
}

struct MaintenanceWindowBody: APIRequestBody {
    let name: String
    let scope: String
    let scopeId: UUID?
    let starts: String
    let durationMinutes: Int
    let timeZone: String?
    let rrule: String?

    static let fieldNames: Set<String> = ["name", "scope", "scopeId", "starts", "durationMinutes", "timeZone", "rrule"]
    func validate() -> [FieldError] { [] }  // CheckService.WindowInput.validate.
}

struct AcknowledgeBody: APIRequestBody {
    let comment: String?
    static let fieldNames: Set<String> = ["comment"]
    func validate() -> [FieldError] { [] }
}

/// `/api/v1/checks`, `/api/v1/alerts` and `/api/v1/maintenance-windows`.
struct MonitorAPIController: Sendable {
    private func service(_ req: Request) -> CheckService { CheckService(app: req.application, actor: req.auditActor) }

    func dto(_ check: Check, state: CheckStateRecord?, _ req: Request) async throws -> CheckDTO {
        var url: String?
        if check.kind == .heartbeat, req.may(.manageMonitoring), let token = service(req).token(of: check) {
            url = try await MonitorViews.heartbeatURL(token, req)
        }
        return CheckDTO(check, state: state, heartbeatURL: url)
    }

    func list(_ req: Request) async throws -> Response {
        struct Filters: Content {
            var limit: Int?
            var offset: Int?
            var assetId: UUID?
            var status: String?
            var kind: String?
        }
        let filters = try req.filters(Filters.self)
        let query = try ListQuery.parse(
            limit: filters.limit, offset: filters.offset, sort: nil, allowedSorts: ["name"], defaultSort: "name"
        )
        .get()
        if let status = filters.status, CheckStatus(rawValue: status) == nil {
            throw AppError.invalid(ValidationFailure([FieldError(field: "status", code: .invalid)]))
        }
        if let kind = filters.kind, CheckKind(rawValue: kind) == nil {
            throw AppError.invalid(ValidationFailure([FieldError(field: "kind", code: .invalid)]))
        }
        let (checks, states, total) = try await MonitorViews.checkPage(
            on: req.db, assetID: filters.assetId, status: filters.status.flatMap(CheckStatus.init), kind: filters.kind,
            text: nil, limit: query.limit, offset: query.offset)
        var items: [CheckDTO] = []
        for check in checks { items.append(try await dto(check, state: states[check.id!], req)) }
        return try .json(Page(items: items, total: total, query: query))
    }

    func get(_ req: Request) async throws -> Response {
        guard let check = try await Check.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        let state = try await CheckStateRecord.find(check.id, on: req.db)
        return try .json(try await dto(check, state: state, req), version: check.version)
    }

    func create(_ req: Request) async throws -> Response {
        let (body, present) = try req.decodeStrictWithKeys(CheckBody.self)
        let check = try await service(req).create(try body.merged(over: nil, present: present))
        let response = try Response.json(try await dto(check, state: nil, req), status: .created, version: check.version)
        response.headers.replaceOrAdd(name: .location, value: Paths.apiCheck.path(check.id!))
        return response
    }

    func update(_ req: Request) async throws -> Response {
        let version = try req.requiredIfMatchVersion()
        let (body, present) = try req.decodeStrictWithKeys(CheckBody.self)
        guard let current = try await Check.find(try req.requireID(), on: req.db) else { throw AppError.notFound }
        let check = try await service(req).update(current.id!, expectedVersion: version, try body.merged(over: current, present: present))
        let state = try await CheckStateRecord.find(check.id, on: req.db)
        return try .json(try await dto(check, state: state, req), version: check.version)
    }

    func delete(_ req: Request) async throws -> Response {
        try await service(req).delete(try req.requireID(), expectedVersion: try req.optionalIfMatchVersion())
        return Response(status: .noContent)
    }

    func run(_ req: Request) async throws -> Response {
        let id = try req.requireID()
        guard try await Check.find(id, on: req.db) != nil else { throw AppError.notFound }
        try await req.application.monitor.runNow([id])
        return try await get(req)
    }

    func results(_ req: Request) async throws -> Response {
        struct Filters: Content {
            var limit: Int?
            var offset: Int?
        }
        let id = try req.requireID()
        guard try await Check.find(id, on: req.db) != nil else { throw AppError.notFound }
        let filters = try req.filters(Filters.self)
        let query = try ListQuery.parse(limit: filters.limit, offset: filters.offset, sort: nil, allowedSorts: ["at"], defaultSort: "at")
            .get()
        let (rows, total) = try await MonitorViews.results(of: id, limit: query.limit, offset: query.offset, on: req.db)
        return try .json(Page(items: rows, total: total, query: query))
    }

    func alerts(_ req: Request) async throws -> Response {
        struct Filters: Content {
            var limit: Int?
            var offset: Int?
            var open: Bool?
            var checkId: UUID?
        }
        let filters = try req.filters(Filters.self)
        let query = try ListQuery.parse(
            limit: filters.limit, offset: filters.offset, sort: nil, allowedSorts: ["opened"], defaultSort: "opened"
        ).get()
        var base = Alert.query(on: req.db)
        if filters.open == true { base = base.filter(\.$closedAt == nil) }
        if let check = filters.checkId { base = base.filter(\.$checkID == check) }
        let total = try await base.count()
        let alerts = try await base.sort(\.$openedAt, .descending).range(query.offset..<(query.offset + query.limit)).all()
        let items = try await MonitorViews.alertDTOs(alerts, on: req.db)
        return try .json(Page(items: items, total: total, query: query))
    }

    func acknowledge(_ req: Request) async throws -> Response {
        let body = try req.decodeStrict(AcknowledgeBody.self)
        let alert = try await service(req).acknowledge(try req.requireID(), comment: body.comment ?? "")
        return try .json(try await MonitorViews.alertDTOs([alert], on: req.db)[0])
    }

    func windows(_ req: Request) async throws -> Response {
        let now = req.now
        let windows = try await MaintenanceWindow.query(on: req.db).sort(\.$name).all()
        return try .json(windows.map { MaintenanceWindowDTO($0, now: now) })
    }

    func createWindow(_ req: Request) async throws -> Response {
        let body = try req.decodeStrict(MaintenanceWindowBody.self)
        let zone = try await req.application.services.organisation.current(on: req.db).timeZone.identifier
        let window = try await service(req).createWindow(
            .init(
                name: body.name, scope: body.scope, scopeID: body.scopeId, starts: body.starts, durationMinutes: body.durationMinutes,
                timeZone: body.timeZone ?? zone, rrule: body.rrule ?? ""))
        return try .json(MaintenanceWindowDTO(window, now: req.now), status: .created, version: window.version)
    }

    func deleteWindow(_ req: Request) async throws -> Response {
        try await service(req).deleteWindow(try req.requireID())
        return Response(status: .noContent)
    }

    /// `GET` or `POST /heartbeat/{token}`: a job says it has run. Public (the token is the secret); 404 for an
    /// unknown token, so tokens cannot be told apart from paths that do not exist.
    func heartbeat(_ req: Request) async throws -> Response {
        guard let token = req.parameters.get("token"), token.count <= 200,
            try await service(req).heartbeat(token: token)
        else { throw AppError.notFound }
        let response = Response(status: .ok, body: .init(string: "OK\n"))
        response.headers.contentType = .plainText
        return response
    }

    static let docs = (
        list: APIDoc(
            summary: "Checks by name, each with its current state.",
            query: APIDocs.paging + [
                .init(name: "assetId", schema: .string(format: "uuid"), description: "Only the checks of this asset."),
                .init(
                    name: "status", schema: .string(enumeration: CheckStatus.allCases.map(\.rawValue)),
                    description: "Only checks whose latest result has this status."),
                .init(
                    name: "kind", schema: .string(enumeration: CheckKind.allCases.map(\.rawValue)), description: "Only checks of this kind."
                ),
            ], response: .page(of: "Check")),
        create: APIDoc(
            summary:
                "Create a check on an asset (assetId) or a named service: icmp, tcp, http, tls, dns, snmp or heartbeat. A heartbeat gets a URL (heartbeatUrl) its job calls.",
            requestBody: .ref("CheckBody"), response: .ref("Check"), successStatus: 201),
        get: APIDoc(summary: "One check with its current state.", response: .ref("Check")),
        update: APIDoc(
            summary: "Change a check (If-Match: its version); what is left out keeps its value.", requestBody: .ref("CheckBody"),
            response: .ref("Check"), conditional: true),
        delete: APIDoc(
            summary: "Remove a check with its results, history and alerts (a check others depend on cannot go: 422 in_use).",
            successStatus: 204),
        run: APIDoc(summary: "Run the check now and record its result; answers the check with its new state.", response: .ref("Check")),
        results: APIDoc(
            summary: "The check's raw results, newest first (kept for the retention period).", query: APIDocs.paging,
            response: .page(of: "CheckResult")),
        alerts: APIDoc(
            summary: "Alerts, newest first, each with its timeline.",
            query: APIDocs.paging + [
                .init(name: "open", schema: .boolean, description: "true: only alerts that have not recovered."),
                .init(name: "checkId", schema: .string(format: "uuid"), description: "Only the alerts of this check."),
            ], response: .page(of: "Alert")),
        acknowledge: APIDoc(
            summary: "Take an open alert on: its notices stop until it recovers. An alert already acknowledged or closed: 422.",
            requestBody: .ref("AcknowledgeBody"), response: .ref("Alert")),
        windows: APIDoc(summary: "Maintenance windows, with the next one of each.", response: .array(.ref("MaintenanceWindow"))),
        createWindow: APIDoc(
            summary:
                "A maintenance window for an asset, a site or a check: notices are held back during it, checks go on recording. starts is local time (2026-12-06T04:00) in timeZone (default: the organisation's); rrule is an iCalendar RRULE subset (FREQ=DAILY|WEEKLY|MONTHLY, INTERVAL, BYDAY, BYMONTHDAY, COUNT, UNTIL).",
            requestBody: .ref("MaintenanceWindowBody"), response: .ref("MaintenanceWindow"), successStatus: 201),
        deleteWindow: APIDoc(summary: "Remove a maintenance window.", successStatus: 204)
    )

    static let schemas: [String: JSONSchema] = [
        "Check": CheckDTO.schema, "CheckState": CheckStateDTO.schema, "CheckSettings": CheckDTO.settingsSchema,
        "CheckBody": .object(properties: CheckDTO.fieldSchemas, required: []), "CheckResult": CheckResultDTO.schema,
        "Alert": AlertDTO.schema, "AcknowledgeBody": .object(properties: ["comment": .string()], required: []),
        "MaintenanceWindow": MaintenanceWindowDTO.schema,
        "MaintenanceWindowBody": .object(
            properties: [
                "name": .string(), "scope": .string(enumeration: MaintenanceWindow.Scope.allCases.map(\.rawValue)),
                "scopeId": .string(format: "uuid"), "starts": .string(), "durationMinutes": .integer(minimum: 1, maximum: 14 * 1440),
                "timeZone": .string(), "rrule": .string(),
            ], required: ["name", "scope", "scopeId", "starts", "durationMinutes"]),
    ]
}
