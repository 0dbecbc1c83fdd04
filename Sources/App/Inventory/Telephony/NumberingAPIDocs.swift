import Domain

/// What the OpenAPI document says of the VLAN and telephone number routes.
enum NumberingAPIDocs {
    static let listVLANs = APIDoc(summary: "Every VLAN, by id.", response: .array(.ref("VLAN")))
    static let createVLAN = APIDoc(
        summary: "Record a VLAN at a site; ids 1 to 4094, unique per site.", requestBody: .ref("VLANBody"), response: .ref("VLAN"),
        successStatus: 201)
    static let listNumbers = APIDoc(summary: "Every telephone number, in E.164 form.", response: .array(.ref("TelephoneNumber")))
    static let createNumber = APIDoc(
        summary:
            "Record a telephone number (written as people do, stored in E.164) with its extension, for an employee (employeeNumber) or a device (assetTag).",
        requestBody: .ref("TelephoneNumberBody"), response: .ref("TelephoneNumber"), successStatus: 201)

    static let schemas: [String: JSONSchema] = [
        "VLAN": VLANDTO.schema, "VLANBody": VLANBody.schema, "TelephoneNumber": TelephoneNumberDTO.schema,
        "TelephoneNumberBody": TelephoneNumberBody.schema,
    ]
}
