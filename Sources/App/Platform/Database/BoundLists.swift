import Foundation

extension Collection where Element == UUID {
    /// The ids a thousand at a time, for `IN` lists: a list of every check's or asset's id would pass the databases'
    /// limits on bound parameters (about 32,000 on SQLite). `sorted`: in ascending order across the chunks, the order
    /// in which rows are locked so that two writers never wait for each other.
    func boundChunks(sorted: Bool = false) -> [[UUID]] {
        let all = sorted ? self.sorted { $0.uuidString < $1.uuidString } : Array(self)
        return stride(from: 0, to: all.count, by: 1000).map { Array(all[$0..<Swift.min($0 + 1000, all.count)]) }
    }
}
