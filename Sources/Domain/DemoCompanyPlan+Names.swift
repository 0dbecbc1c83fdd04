extension DemoCompanyPlan {
    static let names: [String: (first: [String], last: [String])] = [
        "EE": (
            [
                "Mari", "Kadri", "Liis", "Kristiina", "Triin", "Kertu", "Maarja", "Anu", "Piret", "Helen", "Katrin", "Merle", "Eve",
                "Tiina", "Karin",
                "Jaan", "Mart", "Andres", "Toomas", "Rein", "Priit", "Margus", "Tarmo", "Indrek", "Siim", "Rasmus", "Karl", "Martin",
                "Kristjan", "Peeter",
            ],
            [
                "Tamm", "Saar", "Sepp", "Mägi", "Kask", "Kukk", "Rebane", "Ilves", "Pärn", "Koppel", "Luik", "Lepik", "Kuusk", "Vaher",
                "Lill", "Oja",
                "Kivi", "Mets", "Raudsepp", "Põder", "Kallas", "Kütt", "Org", "Laur", "Aas",
            ]
        ),
        "DE": (
            [
                "Anna", "Lena", "Sophie", "Julia", "Laura", "Katharina", "Sabine", "Petra", "Claudia", "Birgit", "Sandra", "Nicole",
                "Monika", "Ute", "Ines",
                "Jonas", "Lukas", "Felix", "Maximilian", "Tobias", "Stefan", "Thomas", "Michael", "Andreas", "Jürgen", "Klaus", "Matthias",
                "Jan",
                "Florian", "Uwe",
            ],
            [
                "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Koch", "Richter",
                "Klein",
                "Wolf", "Schröder", "Neumann", "Schwarz", "Braun", "Zimmermann", "Krüger", "Hartmann", "Lange", "Werner", "Krause",
                "Lehmann",
            ]
        ),
        "SE": (
            [
                "Anna", "Eva", "Maria", "Karin", "Sara", "Emma", "Elin", "Ingrid", "Kristina", "Lena", "Linnea", "Maja", "Sofia", "Ida",
                "Frida",
                "Erik", "Lars", "Karl", "Anders", "Johan", "Per", "Nils", "Oskar", "Gustav", "Mikael", "Henrik", "Olof", "Björn", "Magnus",
                "Fredrik",
            ],
            [
                "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson", "Gustafsson",
                "Pettersson",
                "Jonsson", "Lindberg", "Lindqvist", "Lindström", "Berg", "Bergström", "Holm", "Sandberg", "Forsberg", "Sjöberg", "Wallin",
                "Engström",
                "Lundgren", "Ström",
            ]
        ),
    ]

    static func name(for site: Site, _ random: inout SeededGenerator) -> (String, String) {
        let list = names[site.country]!
        return (list.first.randomElement(using: &random)!, list.last.randomElement(using: &random)!)
    }

    /// The name as it can stand in an e-mail address: "Mägi" → "maegi", "Sjöberg" → "sjoeberg", "Põder" → "poder".
    static func ascii(_ name: String) -> String {
        var result = ""
        for character in name.lowercased() {
            switch character {
            case "ä": result += "ae"
            case "ö": result += "oe"
            case "ü": result += "ue"
            case "õ": result += "o"
            case "å": result += "a"
            case "ß": result += "ss"
            case "é": result += "e"
            default: if character.isASCII && (character.isLetter || character.isNumber) { result.append(character) }
            }
        }
        return result
    }
}
