import Testing

@testable import Domain

@Suite("Telephone numbers, extensions and VLAN ids")
struct TelephonyTests {
    @Test("Numbers as people write them become E.164; national and malformed ones are refused")
    func numbers() {
        #expect(PhoneNumber("+372 600 0600")?.e164 == "+3726000600")
        #expect(PhoneNumber("0049 (40) 123-456")?.e164 == "+4940123456")
        #expect(PhoneNumber("+46.8.477.47.00")?.e164 == "+4684774700")
        for text in ["600 0600", "+0123456789", "+12 34", "+1234567890123456", "+49 40 12a456", "", "+"] {
            #expect(PhoneNumber(text) == nil, "\(text)")
        }
    }

    @Test("Extensions are 2 to 6 digits; VLAN ids 1 to 4094")
    func extensionsAndVLANs() {
        #expect(Telephony.isExtension("214") && Telephony.isExtension("12") && Telephony.isExtension("123456"))
        #expect(!Telephony.isExtension("1") && !Telephony.isExtension("1234567") && !Telephony.isExtension("2a4"))
        #expect(Telephony.vlanIDs.contains(1) && Telephony.vlanIDs.contains(4094))
        #expect(!Telephony.vlanIDs.contains(0) && !Telephony.vlanIDs.contains(4095))
    }
}
