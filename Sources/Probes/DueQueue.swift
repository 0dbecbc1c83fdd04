/// A binary min-heap of due times.
struct DueQueue<ID> {
    private var heap: [(due: ContinuousClock.Instant, id: ID, generation: Int)] = []

    var isEmpty: Bool { heap.isEmpty }

    func peek() -> (due: ContinuousClock.Instant, id: ID, generation: Int)? { heap.first }

    mutating func push(_ due: ContinuousClock.Instant, _ id: ID, _ generation: Int) {
        heap.append((due, id, generation))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].due < heap[parent].due else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() {
        guard !heap.isEmpty else { return }
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].due < heap[smallest].due { smallest = left }
            if right < heap.count, heap[right].due < heap[smallest].due { smallest = right }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
