import Synchronization

/// True for the first caller only.
final class Once: Sendable {
    private let flag = Atomic<Bool>(false)

    func claim() -> Bool { flag.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged }
}
