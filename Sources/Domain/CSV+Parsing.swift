extension CSV {
    /// The rows of `data`; the separator is ',' unless the first line has more ';' (as German and Swedish Excel
    /// write CSV).
    public static func parse(_ data: [UInt8]) throws(ParseError) -> [[String]] {
        var start = 0
        if data.count >= 3, data[0] == 0xEF, data[1] == 0xBB, data[2] == 0xBF { start = 3 }
        let separator = detectSeparator(data, from: start)
        var rows: [[String]] = []
        var row: [String] = []
        var field: [UInt8] = []
        var index = start
        var line = 1
        var inQuotes = false
        var wasQuoted = false

        func finishField() throws(ParseError) {
            guard let text = String(validating: field, as: UTF8.self) else { throw ParseError(line: line, reason: .notUTF8) }
            row.append(text)
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
        }

        while index < data.count {
            let byte = data[index]
            if inQuotes {
                if byte == 0x22 {
                    if index + 1 < data.count, data[index + 1] == 0x22 {
                        field.append(0x22)
                        index += 2
                        continue
                    }
                    inQuotes = false
                    wasQuoted = true
                } else {
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                }
                index += 1
                continue
            }
            switch byte {
            case 0x22 where field.isEmpty && !wasQuoted:
                inQuotes = true
            case separator:
                try finishField()
            case 0x0D, 0x0A:
                try finishField()
                if !(row.count == 1 && row[0].isEmpty) { rows.append(row) }
                row.removeAll(keepingCapacity: true)
                if byte == 0x0D, index + 1 < data.count, data[index + 1] == 0x0A { index += 1 }
                line += 1
            default:
                if wasQuoted { throw ParseError(line: line, reason: .textAfterQuote) }
                field.append(byte)
            }
            index += 1
        }
        if inQuotes { throw ParseError(line: line, reason: .unterminatedQuote) }
        if !field.isEmpty || !row.isEmpty || wasQuoted {
            try finishField()
            if !(row.count == 1 && row[0].isEmpty) { rows.append(row) }
        }
        return rows
    }

    private static func detectSeparator(_ data: [UInt8], from start: Int) -> UInt8 {
        var commas = 0
        var semicolons = 0
        var index = start
        var inQuotes = false
        while index < data.count, data[index] != 0x0A || inQuotes {
            switch data[index] {
            case 0x22: inQuotes.toggle()
            case 0x2C where !inQuotes: commas += 1
            case 0x3B where !inQuotes: semicolons += 1
            default: break
            }
            index += 1
        }
        return semicolons > commas ? 0x3B : 0x2C
    }
}
