import CLDAP
import NIOConcurrencyHelpers
import NIOPosix

/// Where a directory server is and how to reach it safely.
public struct LDAPServer: Sendable, Equatable {
    public enum Security: String, Sendable, CaseIterable {
        /// Plain LDAP: only for a server on the same host; a password sent this way can be read on the way.
        case none
        /// LDAP on port 389 upgraded with the StartTLS operation before anything else is sent.
        case startTLS = "starttls"
        /// TLS from the first byte (port 636).
        case ldaps
    }

    public var host: String
    public var port: Int
    public var security: Security
    /// PEM file of the CA that signed the server's certificate (the organisation's own CA); nil: the system's.
    public var caFile: String?
    /// For connecting and for each operation.
    public var timeout: Duration

    public init(host: String, port: Int, security: Security, caFile: String? = nil, timeout: Duration = .seconds(10)) {
        (self.host, self.port, self.security, self.caFile, self.timeout) = (host, port, security, caFile, timeout)
    }

    public var uri: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return "\(security == .ldaps ? "ldaps" : "ldap")://\(name):\(port)"
    }
}

public enum LDAPScope: Int32, Sendable {
    case base = 0
    case oneLevel = 1
    case subtree = 2
}

/// An entry read from the directory. Attribute names are kept in lower case (LDAP compares them so).
public struct LDAPEntry: Sendable, Equatable {
    public let dn: String
    public let attributes: [String: [[UInt8]]]

    public init(dn: String, attributes: [String: [[UInt8]]]) {
        self.dn = dn
        self.attributes = Dictionary(attributes.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: +)
    }

    /// The values of `attribute` as text.
    public func values(_ attribute: String) -> [String] {
        (attributes[attribute.lowercased()] ?? []).map { String(decoding: $0, as: UTF8.self) }
    }

    public func first(_ attribute: String) -> String? { values(attribute).first }
}

/// One change to an entry's attribute.
public struct LDAPModification: Sendable, Equatable {
    public enum Operation: Int32, Sendable {
        case add = 0
        case delete = 1
        case replace = 2
    }

    public let operation: Operation
    public let attribute: String
    public let values: [[UInt8]]

    public init(_ operation: Operation, _ attribute: String, bytes values: [[UInt8]]) {
        (self.operation, self.attribute, self.values) = (operation, attribute, values)
    }

    public init(_ operation: Operation, _ attribute: String, _ values: [String]) {
        self.init(operation, attribute, bytes: values.map { Array($0.utf8) })
    }
}

/// A bound connection to a directory server through OpenLDAP's client library. libldap's calls block, so each runs
/// on `pool`, one at a time per connection (a lock guards the handle); a connection is safe to share between tasks.
public final class LDAPConnection: @unchecked Sendable {
    private let lock = NIOLock()
    private var handle: OpaquePointer?
    private let pool: NIOThreadPool

    private init(handle: OpaquePointer, pool: NIOThreadPool) {
        self.handle = handle
        self.pool = pool
    }

    deinit {
        if let handle { ldap_unbind_ext_s(handle, nil, nil) }
    }

    /// Connects (with StartTLS or LDAPS as `server` says, the certificate checked) and binds as `bindDN`.
    public static func connect(
        to server: LDAPServer, bindDN: String, password: String, pool: NIOThreadPool = .singleton
    ) async throws -> LDAPConnection {
        // An empty password makes a simple bind "unauthenticated" (RFC 4513 §5.1.2), which many servers accept as
        // anonymous: a sign-in with no password must never succeed that way.
        guard !password.isEmpty else { throw LDAPError(code: 49, text: "Invalid credentials", diagnostic: "empty password") }
        return try await pool.runIfActive {
            var handle: OpaquePointer?
            let milliseconds = server.timeout.components.seconds * 1000 + server.timeout.components.attoseconds / 1_000_000_000_000_000
            var rc = qm_ldap_open(&handle, server.uri, Int(milliseconds), server.caFile)
            guard rc == LDAP_SUCCESS, let handle else { throw Self.error(rc, handle) }
            if server.security == .startTLS {
                rc = ldap_start_tls_s(handle, nil, nil)
                guard rc == LDAP_SUCCESS else {
                    let failure = Self.error(rc, handle)
                    ldap_unbind_ext_s(handle, nil, nil)
                    throw failure
                }
            }
            rc = qm_ldap_simple_bind(handle, bindDN, password)
            guard rc == LDAP_SUCCESS else {
                let failure = Self.error(rc, handle)
                ldap_unbind_ext_s(handle, nil, nil)
                throw failure
            }
            return LDAPConnection(handle: handle, pool: pool)
        }
    }

    /// Unbinds; later operations fail with "not connected".
    public func close() {
        lock.withLock {
            if let handle { ldap_unbind_ext_s(handle, nil, nil) }
            handle = nil
        }
    }

    /// Every entry under `base` that matches `filter`, fetched a page at a time (RFC 2696) so that a server's size
    /// limit does not cut the answer short. `attributes` empty: all user attributes; "+" adds the operational ones.
    public func search(
        base: String, scope: LDAPScope = .subtree, filter: String = "(objectClass=*)", attributes: [String] = [], pageSize: Int = 500
    ) async throws -> [LDAPEntry] {
        try await run { handle in
            let names = attributes.map { strdup($0) } + [nil]
            defer { names.forEach { free($0) } }
            var cookie = berval(bv_len: 0, bv_val: nil)
            defer { if cookie.bv_val != nil { ber_memfree(cookie.bv_val) } }
            var entries: [LDAPEntry] = []
            repeat {
                var result: OpaquePointer?
                let rc = names.withUnsafeBufferPointer { buffer in
                    qm_ldap_search_page(
                        handle, base, scope.rawValue, filter, attributes.isEmpty ? nil : UnsafeMutablePointer(mutating: buffer.baseAddress),
                        Int32(pageSize), &cookie, &result)
                }
                defer { if let result { ldap_msgfree(result) } }
                guard rc == LDAP_SUCCESS else { throw Self.error(rc, handle) }
                if let result { entries += Self.entries(handle, result) }
            } while cookie.bv_len > 0
            return entries
        }
    }

    /// The entry at `dn`, or nil when there is none.
    public func read(_ dn: String, attributes: [String] = []) async throws -> LDAPEntry? {
        do {
            return try await search(base: dn, scope: .base, attributes: attributes).first
        } catch let error as LDAPError where error.noSuchObject {
            return nil
        }
    }

    /// Adds an entry with `attributes` (objectClass among them).
    public func add(_ dn: String, _ attributes: [(String, [String])]) async throws {
        try await change(dn, attributes.map { LDAPModification(.add, $0.0, $0.1) }) { handle, mods in
            ldap_add_ext_s(handle, dn, mods, nil, nil)
        }
    }

    public func modify(_ dn: String, _ modifications: [LDAPModification]) async throws {
        try await change(dn, modifications) { handle, mods in ldap_modify_ext_s(handle, dn, mods, nil, nil) }
    }

    public func delete(_ dn: String) async throws {
        try await run { handle in
            let rc = ldap_delete_ext_s(handle, dn, nil, nil)
            guard rc == LDAP_SUCCESS else { throw Self.error(rc, handle) }
        }
    }

    /// Sets `dn`'s password with the password modify operation (RFC 3062), so the server hashes it by its own policy.
    public func setPassword(_ dn: String, _ password: String) async throws {
        try await run { handle in
            let rc = qm_ldap_set_password(handle, dn, password)
            guard rc == LDAP_SUCCESS else { throw Self.error(rc, handle) }
        }
    }

    private func change(
        _ dn: String, _ modifications: [LDAPModification],
        _ operation: @escaping @Sendable (OpaquePointer, UnsafeMutablePointer<UnsafeMutablePointer<LDAPMod>?>) -> Int32
    ) async throws {
        try await run { handle in
            var mods: [UnsafeMutablePointer<LDAPMod>?] = modifications.map { modification in
                let data = modification.values.flatMap { $0 }
                let lengths = modification.values.map { ber_len_t($0.count) }
                return data.withUnsafeBufferPointer { bytes in
                    bytes.withMemoryRebound(to: CChar.self) { characters in
                        qm_ldap_mod(
                            modification.operation.rawValue, modification.attribute, characters.baseAddress, lengths,
                            Int32(modification.values.count))
                    }
                }
            }
            mods.append(nil)
            defer { mods.withUnsafeMutableBufferPointer { ldap_mods_free($0.baseAddress, 0) } }
            let rc = mods.withUnsafeMutableBufferPointer { operation(handle, $0.baseAddress!) }
            guard rc == LDAP_SUCCESS else { throw Self.error(rc, handle) }
        }
    }

    private func run<T: Sendable>(_ body: @escaping @Sendable (OpaquePointer) throws -> T) async throws -> T {
        try await pool.runIfActive {
            try self.lock.withLock {
                guard let handle = self.handle else { throw LDAPError(code: -1, text: "Not connected") }
                return try body(handle)
            }
        }
    }

    private static func entries(_ handle: OpaquePointer, _ message: OpaquePointer) -> [LDAPEntry] {
        var entries: [LDAPEntry] = []
        var entry = ldap_first_entry(handle, message)
        while let current = entry {
            var dn = ""
            if let name = ldap_get_dn(handle, current) {
                dn = String(cString: name)
                ldap_memfree(name)
            }
            var attributes: [String: [[UInt8]]] = [:]
            var ber: OpaquePointer?
            var attribute = ldap_first_attribute(handle, current, &ber)
            while let name = attribute {
                var values: [[UInt8]] = []
                if let list = ldap_get_values_len(handle, current, name) {
                    var index = 0
                    while let value = list[index] {
                        let length = Int(value.pointee.bv_len)
                        values.append(
                            length == 0 ? [] : Array(UnsafeRawBufferPointer(start: value.pointee.bv_val, count: length)))
                        index += 1
                    }
                    ldap_value_free_len(list)
                }
                attributes[String(cString: name).lowercased(), default: []] += values
                ldap_memfree(name)
                attribute = ldap_next_attribute(handle, current, ber)
            }
            if let ber { ber_free(ber, 0) }
            entries.append(LDAPEntry(dn: dn, attributes: attributes))
            entry = ldap_next_entry(handle, current)
        }
        return entries
    }

    private static func error(_ code: Int32, _ handle: OpaquePointer?) -> LDAPError {
        var diagnostic = ""
        if let handle, let message = qm_ldap_diagnostic(handle) {
            diagnostic = String(cString: message)
            ldap_memfree(message)
        }
        return LDAPError(code: code, text: String(cString: ldap_err2string(code)), diagnostic: diagnostic)
    }
}
