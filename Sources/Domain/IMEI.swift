/// A mobile phone's IMEI: 15 digits, the last a Luhn check digit over the other fourteen.
public enum IMEI {
    /// The digits alone (spaces, dashes and slashes as printed on labels are dropped), or nil when they are not a
    /// valid IMEI.
    public static func normalised(_ text: String) -> String? {
        let digits = text.filter { !" -/".contains($0) }
        guard digits.count == 15, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let values = digits.compactMap(\.wholeNumberValue)
        // Luhn: from the right, every second digit (the check digit counting as first) is doubled, its digits summed.
        var sum = 0
        for (offset, value) in values.reversed().enumerated() {
            let doubled = offset % 2 == 1 ? value * 2 : value
            sum += doubled > 9 ? doubled - 9 : doubled
        }
        return sum % 10 == 0 ? digits : nil
    }
}
