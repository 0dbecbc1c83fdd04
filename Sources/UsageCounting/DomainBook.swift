import Domain
import Foundation
import LogFormats

/// Host names to registrable domains (eTLD+1 by the Public Suffix List), each worked out once. Domain 0 is "" (not
/// collected); an address or a name that is itself a public suffix stands for itself.
package struct DomainBook: Sendable {
    private let suffixes: PublicSuffixList
    private var hosts = ByteInterner(capacity: 4096)
    private var domainOfHost: [Int32] = []
    private var domainNumbers: [String: Int] = ["": 0]
    package private(set) var domains: [String] = [""]

    package init(suffixes: PublicSuffixList) {
        self.suffixes = suffixes
    }

    package mutating func domain(ofHost host: UnsafeRawBufferPointer) -> Int {
        let (number, isNew) = hosts.intern(host)
        if !isNew { return Int(domainOfHost[number]) }
        var name = String(decoding: host, as: UTF8.self).lowercased()
        if name.hasSuffix(".") { name.removeLast() }
        let index = self.number(ofDomain: suffixes.registrableDomain(name) ?? name)
        domainOfHost.append(Int32(index))
        return index
    }

    /// The number of a registrable domain, given the next one when it is new.
    package mutating func number(ofDomain domain: String) -> Int {
        if let known = domainNumbers[domain] { return known }
        domains.append(domain)
        domainNumbers[domain] = domains.count - 1
        return domains.count - 1
    }
}
