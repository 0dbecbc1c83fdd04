import Foundation

/// Files a person has checked on an import page, kept for a while so that "Import" after "Check the file" needs no
/// second upload (a browser clears the file field with every page it loads). Held in this server's memory: bound to
/// the account and the kind of import, gone after 30 minutes, at most four per account and 256 MB in all (the oldest
/// go first). A file that is gone — expired, or checked on another instance — is asked for again, never guessed.
actor CheckedUploads {
    struct Upload: Sendable {
        let owner: UUID
        let kind: String
        let name: String
        let data: [UInt8]
        let checkedAt: Date
    }

    static let lifetime: TimeInterval = 30 * 60
    static let perOwner = 4
    static let totalBytes = 256 * 1024 * 1024

    private var uploads: [String: Upload] = [:]

    /// Keeps `data` and returns the token that fetches it again.
    func keep(_ data: [UInt8], name: String, kind: String, owner: UUID, at now: Date) -> String {
        expire(at: now)
        let token = UUID().uuidString
        uploads[token] = Upload(owner: owner, kind: kind, name: name, data: data, checkedAt: now)
        let oldestFirst = uploads.sorted { $0.value.checkedAt < $1.value.checkedAt }
        var surplus = oldestFirst.filter { $0.value.owner == owner }.count - Self.perOwner
        var bytes = uploads.values.reduce(0) { $0 + $1.data.count }
        for (key, upload) in oldestFirst where key != token && (surplus > 0 && upload.owner == owner || bytes > Self.totalBytes) {
            uploads[key] = nil
            bytes -= upload.data.count
            if upload.owner == owner { surplus -= 1 }
        }
        return token
    }

    /// The file checked under `token`, if it is still kept and belongs to `owner` and `kind`.
    func file(_ token: String, kind: String, owner: UUID, at now: Date) -> Upload? {
        expire(at: now)
        guard let upload = uploads[token], upload.owner == owner, upload.kind == kind else { return nil }
        return upload
    }

    /// Forgets a file once it has been imported.
    func forget(_ token: String) { uploads[token] = nil }

    private func expire(at now: Date) {
        uploads = uploads.filter { now.timeIntervalSince($0.value.checkedAt) < Self.lifetime }
    }
}
