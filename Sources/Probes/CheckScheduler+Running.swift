extension CheckScheduler {
    /// Runs until the task is cancelled.
    public func run(tick: Duration = .milliseconds(20)) async {
        while !Task.isCancelled {
            let now = ContinuousClock.now
            while let (due, id, generation) = queue.peek(), due <= now {
                queue.pop()
                guard var entry = entries[id], entry.generation == generation else { continue }
                // The next slot at a fixed rate; slots already passed (an overloaded or sleeping process) are not
                // made up for, only the latest is kept.
                var next = entry.due + entry.interval
                if next <= now {
                    let behind = (now - entry.due) / entry.interval
                    next = entry.due + entry.interval * (behind.rounded(.down) + 1)
                }
                let slot = entry.due
                entry.due = next
                entries[id] = entry
                queue.push(next, id, generation)
                if running[id] != nil || ready.contains(where: { $0.id == id }) {
                    statistics.skipped += 1
                } else {
                    ready.append((id, slot, generation))
                }
            }
            startReady()
            let wake = queue.peek().map { min($0.due, now + tick) } ?? now + tick
            try? await Task.sleep(until: max(wake, now + .milliseconds(1)), clock: .continuous)
        }
    }

    private func startReady() {
        while inFlight < maximumConcurrent, !ready.isEmpty {
            let (id, due, generation) = ready.removeFirst()
            guard let entry = entries[id], entry.generation == generation else { continue }
            runNumber += 1
            let number = runNumber
            running[id] = number
            inFlight += 1
            statistics.started += 1
            statistics.record(lag: ContinuousClock.now - due)
            let execute = self.execute
            let deadline = entry.deadline
            Task {
                // The run races its deadline; whichever ends first frees the slot. A run that ignores its
                // cancellation is left behind rather than waited for.
                let once = Once()
                let abandoned: Bool = await withCheckedContinuation { continuation in
                    let work = Task {
                        await execute(id, deadline)
                        if once.claim() { continuation.resume(returning: false) }
                    }
                    let timer = Task {
                        try? await Task.sleep(for: deadline)
                        guard !Task.isCancelled, once.claim() else { return }
                        work.cancel()
                        continuation.resume(returning: true)
                    }
                    Task {
                        await work.value
                        timer.cancel()
                    }
                }
                self.finished(id, number: number, abandoned: abandoned)
            }
        }
    }

    private func finished(_ id: ID, number: Int, abandoned: Bool) {
        if running[id] == number { running[id] = nil }
        inFlight -= 1
        if abandoned { statistics.abandoned += 1 } else { statistics.finished += 1 }
        startReady()
    }
}
