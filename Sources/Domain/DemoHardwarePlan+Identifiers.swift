extension DemoHardwarePlan {
    /// A serial number in the manufacturer's usual shape: letters and digits, 10 characters.
    static func serial(_ model: Model, _ random: inout SeededGenerator) -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789")
        let prefix = String(model.manufacturer.uppercased().prefix(2))
        return prefix + String((0..<8).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &random)] })
    }

    /// A valid IMEI: 14 random digits and their Luhn check digit.
    static func imei(_ random: inout SeededGenerator) -> String {
        let body = (0..<14).map { _ in Int.random(in: 0...9, using: &random) }
        for check in 0...9 {
            let candidate = body.map(String.init).joined() + String(check)
            if IMEI.normalised(candidate) != nil { return candidate }
        }
        return body.map(String.init).joined() + "0"
    }
}
