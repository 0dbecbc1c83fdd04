import Foundation

extension String {
    /// Names in the order people expect in a list: ignoring case and accents, numbers by value ("Server 9" before
    /// "Server 10"). Like `localizedStandardCompare` without building a locale for each comparison, which made sorting
    /// a few hundred names a tenth of a report's time.
    public func naturallyPrecedes(_ other: String) -> Bool {
        compare(other, options: [.caseInsensitive, .diacriticInsensitive, .numeric, .widthInsensitive]) == .orderedAscending
    }
}
