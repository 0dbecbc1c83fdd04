import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// IP address management: prefixes and addresses, their nesting, utilisation and the next free address. The address
/// arithmetic is `Domain.IPAddress`/`IPPrefix`; this type stores, checks against what is stored, and audits.
struct IPAMService: Sendable {
    let app: Application
    let actor: AuditActor

    struct PrefixInput: Sendable {
        var prefix: String
        /// An `IPStatus` raw value, checked with the other fields.
        var status = IPStatus.active.rawValue
        var siteID: UUID?
        /// The VLAN the prefix is on; at the prefix's site when both are given.
        var vlanID: UUID?
        var description: String = ""
    }

    struct AddressInput: Sendable {
        /// "10.1.2.3", or with the interface's mask, "10.1.2.3/24".
        var address: String
        /// An `IPStatus` raw value, checked with the other fields.
        var status = IPStatus.active.rawValue
        var dnsName: String?
        var description: String = ""
        /// The prefix the address is added to (from its page, or `prefixId` in the API): it must lie inside it.
        var prefixID: UUID? = nil
    }

    static func parsePrefix(_ text: String, field: String = "prefix") throws(ValidationFailure) -> IPPrefix {
        if text.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationFailure([FieldError(field: field, code: .required)]) }
        do {
            return try IPPrefix(parsing: text.trimmingCharacters(in: .whitespaces))
        } catch {
            throw ValidationFailure([FieldError(field: field, code: error == .hostBitsSet ? .hostBitsSet : .ipInvalid)])
        }
    }

    static func parseAddress(_ text: String) throws(ValidationFailure) -> (address: IPAddress, length: Int?) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { throw ValidationFailure([FieldError(field: "address", code: .required)]) }
        do {
            if trimmed.contains("/") {
                let (address, prefix) = try IPPrefix.interface(parsing: trimmed)
                return (address, prefix.length)
            }
            return (try IPAddress(parsing: trimmed), nil)
        } catch {
            throw ValidationFailure([FieldError(field: "address", code: .ipInvalid)])
        }
    }

    /// Every failing field at once: the parsed value, or the field's errors added to `errors`.
    static func collect<Value>(_ errors: inout [FieldError], _ parse: () throws(ValidationFailure) -> Value) -> Value? {
        do { return try parse() } catch {
            errors += error.errors
            return nil
        }
    }

    /// The fields every IPAM record shares: its status and description.
    static func checkCommon(status: String, description: String, into errors: inout [FieldError]) {
        if IPStatus(rawValue: status) == nil { errors.append(FieldError(field: "status", code: .invalid)) }
        if description.count > 500 { errors.append(FieldError(field: "description", code: .tooLong)) }
    }
}
