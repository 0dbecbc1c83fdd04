/// Mail domains anyone can sign up to, where the acceptable-use rule on large mail looks: company data sent to a private
/// mailbox. A starter list for the organisations Quartermaster serves first (international, German, Estonian, Swedish).
public enum FreeMail {
    public static let domains: Set<String> = [
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "yahoo.com", "icloud.com", "me.com",
        "aol.com", "proton.me", "protonmail.com", "mail.com", "gmx.com", "zoho.com", "yandex.com", "tutanota.com", "tuta.io",
        "gmx.de", "gmx.net", "gmx.at", "web.de", "t-online.de", "freenet.de", "posteo.de", "mailbox.org", "yahoo.de", "hotmail.de",
        "outlook.de", "arcor.de", "mail.ee", "hot.ee", "online.ee", "hotmail.se", "outlook.se", "yahoo.se", "live.se", "spray.se",
        "telia.com", "bredband.net",
    ]

    public static func isFreeMail(_ address: String) -> Bool {
        guard let at = address.lastIndex(of: "@") else { return false }
        return domains.contains(address[address.index(after: at)...].lowercased())
    }
}
