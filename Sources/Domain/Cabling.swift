import Foundation

/// What an interface is. Pass-through ports (patch-panel and wall ports) have a front and a rear, and a path continues
/// through them; every other interface ends a path.
public enum InterfaceKind: String, CaseIterable, Sendable, Codable {
    case ethernet, sfp, wireless, console, management, patchPort = "patch_port", wallPort = "wall_port", other

    public var labelKey: String { "interface.kind.\(rawValue)" }
    public var passesThrough: Bool { self == .patchPort || self == .wallPort }
}

/// Where on an interface a cable is attached: the one socket of an ordinary interface, or the front or rear of a
/// pass-through port.
public enum CableSide: String, CaseIterable, Sendable, Codable {
    case port, front, rear

    public var opposite: CableSide {
        switch self {
        case .front: .rear
        case .rear: .front
        case .port: .port
        }
    }

    /// The sides an interface of this kind offers.
    public static func sides(for kind: InterfaceKind) -> [CableSide] { kind.passesThrough ? [.front, .rear] : [.port] }
}

public enum CableKind: String, CaseIterable, Sendable, Codable {
    case cat5e, cat6, cat6a, cat7, fibreOM3 = "fibre_om3", fibreOM4 = "fibre_om4", fibreOS2 = "fibre_os2", dac, power, other

    public var labelKey: String { "cable.kind.\(rawValue)" }
}

/// The jacket colours patch and installation cables come in, named in every language; a colour outside the list
/// (a stripe, a vendor's shade) is kept as typed.
public enum CableColour: String, CaseIterable, Sendable {
    case black, white, grey, red, orange, yellow, green, blue, purple, pink, aqua, brown

    public var labelKey: String { "cable.colour.\(rawValue)" }
}
