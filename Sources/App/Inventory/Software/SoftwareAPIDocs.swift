import Domain

enum SoftwareAPIDocs {
    static let listProducts = APIDoc(summary: "Every software product, by publisher and name.", response: .array(.ref("SoftwareProduct")))
    static let createProduct = APIDoc(
        summary: "Record a software product; publisher and name together are unique without regard to case.",
        requestBody: .ref("SoftwareProductBody"), response: .ref("SoftwareProduct"), successStatus: 201)
    static let getProduct = APIDoc(summary: "One product; the ETag is its version.", response: .ref("SoftwareProduct"))
    static let updateProduct = APIDoc(
        summary: "Change a product (If-Match: its version).", requestBody: .ref("SoftwareProductBody"), response: .ref("SoftwareProduct"),
        conditional: true)
    static let listInstallations = APIDoc(summary: "Where the product is installed, by asset tag.", response: .array(.ref("Installation")))
    static let install = APIDoc(
        summary: "Record the product as installed on an asset (by tag); again for the same asset changes the version found there.",
        requestBody: .ref("InstallationBody"), response: .ref("Installation"), successStatus: 201)
    static let uninstall = APIDoc(summary: "Remove an installation record.", successStatus: 204)
    static let listLicences = APIDoc(
        summary: "Every licence (or a product's), with seats assigned and whether it is in force today; never the key.",
        query: [.init(name: "product", schema: .string(format: "uuid"), description: "Only this product's licences.")],
        response: .array(.ref("Licence")))
    static let createLicence = APIDoc(
        summary: "Record a licence; the key, if given, is stored encrypted and never returned here.", requestBody: .ref("LicenceBody"),
        response: .ref("Licence"), successStatus: 201)
    static let getLicence = APIDoc(summary: "One licence; the ETag is its version.", response: .ref("Licence"))
    static let updateLicence = APIDoc(
        summary: "Change a licence (If-Match); `key` absent keeps the stored key, null or empty removes it.",
        requestBody: .ref("LicenceBody"), response: .ref("Licence"), conditional: true)
    static let revealKey = APIDoc(
        summary: "The licence key in clear (null when none is stored); IT roles only, and every reveal is audited.",
        response: .ref("RevealedKey"))
    static let listAssignments = APIDoc(summary: "The licence's assigned seats.", response: .array(.ref("Assignment")))
    static let assign = APIDoc(
        summary:
            "Give a seat to an employee (employeeNumber) or, for a per-device licence, an asset (assetTag); refused when no seat is left.",
        requestBody: .ref("AssignmentBody"), response: .ref("Assignment"), successStatus: 201)
    static let unassign = APIDoc(summary: "Take a seat back.", successStatus: 204)
    static let compliance = APIDoc(
        summary:
            "Per product: licences in force, seats owned, installations, assigned seats, demand, surplus and shortfall, what the surplus costs per year and what the shortfall would cost.",
        response: .array(.ref("Compliance")))

    static let importLicences = APIDoc.tableImport(
        "Check or import licences from CSV or JSON, matched by publisher, product and licence name; an optional key column is sealed at once."
    )
    static let exportLicences = APIDoc.tableExport("licence (without its key)")
    static let importInstallations = APIDoc.tableImport(
        "Check or import software installations (device tag, publisher, product, version) from CSV or JSON, as inventory agents list them; unknown products are created."
    )
    static let exportInstallations = APIDoc.tableExport("installation")

    static let schemas: [String: JSONSchema] = [
        "SoftwareProduct": SoftwareProductDTO.schema, "SoftwareProductBody": SoftwareProductBody.schema,
        "Installation": InstallationDTO.schema, "InstallationBody": InstallationBody.schema, "Licence": LicenceDTO.schema,
        "LicenceBody": LicenceBody.schema, "RevealedKey": SoftwareAPIController.RevealedKey.schema, "Assignment": AssignmentDTO.schema,
        "AssignmentBody": AssignmentBody.schema, "Compliance": ComplianceDTO.schema,
    ]
}
