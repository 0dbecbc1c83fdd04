import Foundation
import Testing

@testable import Domain

@Suite("Global search: what a text could mean, and the order of what was found")
struct SearchTermsTests {
    @Test("Empty, blank and overlong texts are no search")
    func nothingToSearch() {
        #expect(SearchTerms("") == nil)
        #expect(SearchTerms("  \n ") == nil)
        #expect(SearchTerms(String(repeating: "a", count: 201)) == nil)
        #expect(SearchTerms(String(repeating: "a", count: 200)) != nil)
    }

    @Test("Text is trimmed and folded to lower case without LIKE wildcards")
    func folding() throws {
        let terms = try #require(SearchTerms("  ThinkPad_%T14 "))
        #expect(terms.text == "ThinkPad_%T14")
        #expect(terms.folded == "thinkpadt14")
        #expect(terms.address == nil && terms.prefix == nil && terms.mac == nil)
    }

    @Test("An address, an interface address, a prefix and a MAC address are recognised")
    func addresses() throws {
        #expect(SearchTerms("10.1.2.3")?.address == IPAddress("10.1.2.3"))
        #expect(SearchTerms("10.1.2.3/24")?.address == IPAddress("10.1.2.3"))
        #expect(SearchTerms("10.1.2.3/24")?.prefix == nil)
        #expect(SearchTerms("10.1.0.0/16")?.prefix == IPPrefix("10.1.0.0/16"))
        #expect(SearchTerms("10.1.0.0/16")?.address == nil)
        #expect(SearchTerms("2001:DB8::1")?.address == IPAddress("2001:db8::1"))
        #expect(SearchTerms("2001:db8::/32")?.prefix == IPPrefix("2001:db8::/32"))
        #expect(SearchTerms("001a.2b3c.4d5e")?.mac == MACAddress("00:1A:2B:3C:4D:5E"))
        #expect(SearchTerms("10.1.2")?.address == nil)
        #expect(SearchTerms("LT-00042")?.mac == nil)
    }

    @Test("Fragments need three characters; DNS names need a dot inside and no address")
    func fragmentsAndNames() {
        #expect(SearchTerms("ab")?.searchesFragments == false)
        #expect(SearchTerms("abc")?.searchesFragments == true)
        #expect(SearchTerms("äö%ü")?.searchesFragments == true)
        #expect(SearchTerms("a%%")?.searchesFragments == false)
        #expect(SearchTerms("srv-tal-01.example.lan")?.couldBeDNSName == true)
        #expect(SearchTerms("srv-tal-01")?.couldBeDNSName == false)
        #expect(SearchTerms("10.1.2.3")?.couldBeDNSName == false)
        #expect(SearchTerms(".example")?.couldBeDNSName == false)
        #expect(SearchTerms("example.")?.couldBeDNSName == false)
        #expect(SearchTerms("a b.c")?.couldBeDNSName == false)
        #expect(SearchTerms("Mägi")?.nameOrders == ["mägi"])
        #expect(SearchTerms("Anna Mägi")?.nameOrders == ["anna mägi", "mägi anna"])
        #expect(SearchTerms("anna  maria mägi")?.nameOrders == ["anna  maria mägi", "mägi anna maria"])
    }

    @Test("A record found several ways is listed once, for its best reason; best reasons first, then by key")
    func ranking() {
        let hits: [SearchHit<Int>] = [
            .init(id: 1, match: .fragment, sortKey: "LT-1"), .init(id: 2, match: .holder, sortKey: "LT-2"),
            .init(id: 1, match: .tag, sortKey: "LT-1"), .init(id: 3, match: .fragment, sortKey: "LT-0"),
            .init(id: 2, match: .fragment, sortKey: "LT-2"), .init(id: 4, match: .ipAddress, sortKey: "SRV-9"),
            .init(id: 5, match: .mac, sortKey: "SW-1"), .init(id: 6, match: .serial, sortKey: "ZZ"),
        ]
        let ranked = SearchHit.ranked(hits, limit: 10)
        #expect(ranked.map(\.id) == [1, 6, 4, 5, 2, 3])
        #expect(ranked.map(\.match) == [.tag, .serial, .ipAddress, .mac, .holder, .fragment])
        #expect(SearchHit.ranked(hits, limit: 2).map(\.id) == [1, 6])
        #expect(SearchHit<Int>.ranked([], limit: 5).isEmpty)
    }

    @Test("The reasons are ordered from exact identifiers to fragments")
    func order() {
        #expect(SearchMatch.allCases.sorted() == [.tag, .serial, .ipAddress, .mac, .dnsName, .name, .holder, .fragment])
        #expect(SearchMatch.tag < .fragment && !(SearchMatch.holder < .name))
    }
}
