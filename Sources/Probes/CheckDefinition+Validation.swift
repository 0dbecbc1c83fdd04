import Domain
import Foundation

extension CheckDefinition {
    public func problems() -> [FieldError] {
        var errors = policy.problems()
        let target = self.target.trimmingCharacters(in: .whitespaces)
        if kind != .heartbeat {
            if target.isEmpty {
                errors.append(FieldError(field: "target", code: .required))
            } else if target.count > 2000 || target.contains(where: \.isWhitespace) {
                errors.append(FieldError(field: "target", code: .invalid))
            } else if kind == .http {
                if !Self.isWebAddress(target) { errors.append(FieldError(field: "target", code: .urlInvalid)) }
            }
        }
        let range = kind == .heartbeat ? Self.heartbeatPeriodRange : Self.intervalRange
        if !range.contains(intervalSeconds) { errors.append(FieldError(field: "intervalSeconds", code: .outOfRange)) }
        if kind != .heartbeat, !Self.timeoutRange.contains(timeoutSeconds) || timeoutSeconds >= intervalSeconds {
            errors.append(FieldError(field: "timeoutSeconds", code: .outOfRange))
        }
        switch kind {
        case .tcp:
            if port == nil { errors.append(FieldError(field: "port", code: .required)) }
        case .http, .heartbeat, .icmp:
            if port != nil, kind != .icmp { errors.append(FieldError(field: "port", code: .invalid)) }
        case .tls, .dns, .snmp: break
        }
        if let port, !(1...65535).contains(port) { errors.append(FieldError(field: "port", code: .outOfRange)) }
        if kind.thresholdUnit == .none, warning != nil || critical != nil {
            errors.append(FieldError(field: "warning", code: .invalid))
        }
        for (field, value) in [("warning", warning), ("critical", critical)] {
            if let value, value < 0 { errors.append(FieldError(field: field, code: .outOfRange)) }
        }
        errors += thresholds.problems()
        switch kind {
        case .http:
            if !["GET", "HEAD", "POST"].contains(settings.method ?? "GET") { errors.append(FieldError(field: "method", code: .invalid)) }
            if StatusSet(settings.statuses ?? "") == nil { errors.append(FieldError(field: "statuses", code: .invalid)) }
        case .dns:
            if DNSMessage.RecordType(rawValue: settings.recordType ?? "") == nil {
                errors.append(FieldError(field: "recordType", code: .invalid))
            }
            if let resolver = settings.resolver, IPAddress(resolver) == nil {
                errors.append(FieldError(field: "resolver", code: .ipInvalid))
            }
        case .snmp:
            let oids = settings.oids ?? []
            if oids.isEmpty {
                errors.append(FieldError(field: "oids", code: .required))
            } else if oids.count > 2 || oids.contains(where: { !Self.isOID($0) }) {
                errors.append(FieldError(field: "oids", code: .invalid))
            }
            if (settings.community ?? "").count > 64 { errors.append(FieldError(field: "community", code: .tooLong)) }
        case .heartbeat:
            if !(0...Int(intervalSeconds)).contains(settings.graceSeconds ?? 0) {
                errors.append(FieldError(field: "graceSeconds", code: .outOfRange))
            }
        case .icmp, .tcp, .tls: break
        }
        for (field, text) in [
            ("banner", settings.banner), ("bodyContains", settings.bodyContains), ("bodyExcludes", settings.bodyExcludes),
        ] {
            if (text ?? "").count > 500 { errors.append(FieldError(field: field, code: .tooLong)) }
        }
        return errors
    }

    static func isWebAddress(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty
        else { return false }
        return true
    }

    /// A numeric OID: `1.3.6.1.2.1.1.3.0`, with or without a leading dot.
    static func isOID(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).drop { $0.isEmpty }
        return parts.count >= 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && UInt32($0) != nil }
    }
}
