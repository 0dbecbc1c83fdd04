import Domain

enum ContractAPIDocs {
    static let listVendors = APIDoc(summary: "Every vendor, by name.", response: .array(.ref("Vendor")))
    static let createVendor = APIDoc(
        summary: "Record a vendor; names are unique without regard to case.", requestBody: .ref("VendorBody"), response: .ref("Vendor"),
        successStatus: 201)
    static let getVendor = APIDoc(summary: "One vendor; the ETag is its version.", response: .ref("Vendor"))
    static let updateVendor = APIDoc(
        summary: "Change a vendor (If-Match: its version).", requestBody: .ref("VendorBody"), response: .ref("Vendor"), conditional: true)
    static let listContracts = APIDoc(
        summary: "Every contract with its current term end and notice deadline, soonest deadline first.", response: .array(.ref("Contract"))
    )
    static let createContract = APIDoc(
        summary: "Record a contract; assetTags link the assets it covers.", requestBody: .ref("ContractBody"), response: .ref("Contract"),
        successStatus: 201)
    static let getContract = APIDoc(summary: "One contract; the ETag is its version.", response: .ref("Contract"))
    static let updateContract = APIDoc(
        summary: "Change a contract (If-Match: its version); fields left out keep their values.", requestBody: .ref("ContractBody"),
        response: .ref("Contract"), conditional: true)
    static let decide = APIDoc(
        summary: "Record the decision (renew, renegotiate, cancel) for the contract's coming term end, with a note (If-Match).",
        requestBody: .ref("Decision"), response: .ref("Contract"), conditional: true)
    static let deadlines = APIDoc(
        summary:
            "Notice deadlines of auto-renewing contracts, ends of contracts that do not renew, warranty ends of assets in use, and licence renewals, from 30 days ago to `days` ahead (default 90), soonest first.",
        query: [.init(name: "days", schema: .integer(minimum: 1, maximum: 730), description: "How far ahead, in days (default 90).")],
        response: .array(.ref("Deadline")))

    static let schemas: [String: JSONSchema] = [
        "Vendor": VendorDTO.schema, "VendorBody": VendorBody.schema, "Contract": ContractDTO.schema, "ContractBody": ContractBody.schema,
        "Decision": DecisionBody.schema, "Deadline": DeadlineDTO.schema,
    ]
}
