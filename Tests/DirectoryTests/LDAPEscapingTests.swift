import Directory
import Testing

@Suite struct LDAPEscapingTests {
    @Test func filterValuesCannotChangeAFilter() {
        #expect(LDAPEscaping.filterValue("Seán O'Brien") == "Seán O'Brien")
        #expect(LDAPEscaping.filterValue("*)(uid=*") == "\\2a\\29\\28uid=\\2a")
        #expect(LDAPEscaping.filterValue("a\\b\0") == "a\\5cb\\00")
    }

    @Test func dnValuesKeepTheirCommasAndSigns() {
        #expect(LDAPEscaping.dnValue("Tamm, Mari") == "Tamm\\, Mari")
        #expect(LDAPEscaping.dnValue("a+b=c;<d>\"e\"") == "a\\+b\\=c\\;\\<d\\>\\\"e\\\"")
        #expect(LDAPEscaping.dnValue(" #lead trail ") == "\\ #lead trail\\ ")
        #expect(LDAPEscaping.dnValue("#hash") == "\\#hash")
        #expect(LDAPEscaping.dnValue("Jürgen Groß") == "Jürgen Groß")
    }

    @Test func spellingsOfOneDNCompareEqual() {
        #expect(LDAPEscaping.normalizedDN("CN=Staff, OU=Groups,DC=Example") == "cn=staff,ou=groups,dc=example")
        #expect(LDAPEscaping.normalizedDN("cn = Tamm\\, Mari , ou=people") == "cn=tamm\\, mari,ou=people")
        #expect(LDAPEscaping.normalizedDN("cn=trailing\\ ,ou=x") == "cn=trailing\\ ,ou=x")
        #expect(LDAPEscaping.normalizedDN("uid=a+cn=b, dc=x") == "uid=a+cn=b,dc=x")
    }
}
