import Domain
import Foundation

/// How the audit page reads inventory's stored values: a cable's ends with their side, a contract's notice period
/// (issue 18).
enum InventoryAuditText {
    static let formatters: [String: AuditFormatter] = [
        "cable.a": { raw, _, text in cableEnd(raw, text) },
        "cable.b": { raw, _, text in cableEnd(raw, text) },
        "contract.notice": { raw, _, text in
            let parts = raw.split(separator: " ")
            guard parts.count == 2, let count = Int(parts[0]), ["days", "weeks", "months"].contains(parts[1]) else { return nil }
            return text.localizer.catalogue(text.language).plural("audit.unit.\(parts[1])", count: count)
        },
    ]

    /// "srv1 eth1 front" → "srv1 eth1 (front)" in the reader's words; an ordinary port needs no side.
    private static func cableEnd(_ raw: String, _ text: AuditText) -> String? {
        guard let space = raw.lastIndex(of: " "), let side = CableSide(rawValue: String(raw[raw.index(after: space)...])) else {
            return nil
        }
        let label = String(raw[..<space])
        return side == .port ? label : "\(label) (\(text.localizer.text("cable.side.\(side.rawValue)", text.language)))"
    }
}
