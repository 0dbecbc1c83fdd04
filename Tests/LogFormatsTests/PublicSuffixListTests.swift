import Foundation
import Testing

@testable import LogFormats

@Suite("Registrable domains by the Public Suffix List")
struct PublicSuffixListTests {
    /// The list's own test rules, in its format.
    let list = PublicSuffixList(
        text: """
            // ===BEGIN ICANN DOMAINS===
            com
            ee
            com.ee
            uk
            co.uk
            jp
            *.kawasaki.jp
            !city.kawasaki.jp
            // ===BEGIN PRIVATE DOMAINS===
            github.io

            """)

    @Test("Sub-domains count by their registrable domain; rules of two labels, wildcards and exceptions")
    func domains() {
        #expect(list.registrableDomain("news.err.ee") == "err.ee")
        #expect(list.registrableDomain("WWW.ERR.EE.") == "err.ee")
        #expect(list.registrableDomain("shop.firma.com.ee") == "firma.com.ee")
        #expect(list.registrableDomain("a.b.example.co.uk") == "example.co.uk")
        #expect(list.registrableDomain("anna.github.io") == "anna.github.io")
        #expect(list.registrableDomain("www.example.kawasaki.jp") == "www.example.kawasaki.jp")
        #expect(list.registrableDomain("www.city.kawasaki.jp") == "city.kawasaki.jp")
    }

    @Test("No registrable domain for a public suffix itself, an address or nothing; an unknown top level counts by two labels")
    func edges() {
        #expect(list.registrableDomain("co.uk") == nil)
        #expect(list.registrableDomain("ee") == nil)
        #expect(list.registrableDomain("") == nil)
        #expect(list.registrableDomain("192.0.2.10") == nil)
        #expect(list.registrableDomain("2001:db8::1") == nil)
        #expect(list.registrableDomain("intranet.corp.internal") == "corp.internal")
        #expect(list.registrableDomain("localhost") == nil)
    }

    @Test("The full list as Debian ships it (package publicsuffix)")
    func debianList() throws {
        let text = try String(contentsOfFile: "/usr/share/publicsuffix/public_suffix_list.dat", encoding: .utf8)
        let full = PublicSuffixList(text: text)
        #expect(full.count > 9000)
        #expect(full.registrableDomain("www.bbc.co.uk") == "bbc.co.uk")
        #expect(full.registrableDomain("teams.microsoft.com") == "microsoft.com")
        #expect(full.registrableDomain("www.riigiteataja.ee") == "riigiteataja.ee")
        #expect(full.registrableDomain("x.y.spiegel.de") == "spiegel.de")
        #expect(full.registrableDomain("www.svt.se") == "svt.se")
    }
}
