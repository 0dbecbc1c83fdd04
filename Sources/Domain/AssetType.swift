/// What kind of thing an asset is. The type decides which lifecycle rules apply (a disposed laptop needs its data
/// wiped; a monitor holds none) and which fields a form offers (a mobile phone has an IMEI).
public enum AssetType: String, CaseIterable, Sendable, Codable {
    case server, workstation, laptop, monitor
    case networkSwitch = "switch", router, firewall, accessPoint = "access_point", patchPanel = "patch_panel"
    case pbx, deskPhone = "desk_phone", mobilePhone = "mobile_phone", printer, ups, other

    public var labelKey: String { "asset.type.\(rawValue)" }

    /// Network gear: placed in racks, with interfaces and cables.
    public var isNetworkDevice: Bool { [.networkSwitch, .router, .firewall, .accessPoint, .patchPanel].contains(self) }

    /// Whether the device can hold company or personal data, so that disposal must confirm it was wiped.
    public var storesData: Bool {
        switch self {
        case .monitor, .patchPanel, .ups: false
        default: true
        }
    }

    /// Mobile phones are identified by their IMEI as well as their serial number.
    public var hasIMEI: Bool { self == .mobilePhone }
}
