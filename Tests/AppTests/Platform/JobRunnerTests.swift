import Domain
import Fluent
import Foundation
import Testing
import Vapor

@testable import App

/// Records which jobs ran, and catches any job running twice at once.
actor RunRecorder {
    private(set) var runs: [String: Int] = [:]
    private var running: Set<String> = []
    private(set) var overlaps = 0

    func start(_ payload: String) {
        if running.contains(payload) { overlaps += 1 }
        running.insert(payload)
        runs[payload, default: 0] += 1
    }

    func finish(_ payload: String) { running.remove(payload) }
}

/// A gate a job waits at until the test opens it.
actor Gate {
    private var entered: CheckedContinuation<Void, Never>?
    private var waitingToEnter = false
    private var release: CheckedContinuation<Void, Never>?

    func arrive() async {
        if let entered {
            entered.resume()
            self.entered = nil
        } else {
            waitingToEnter = true
        }
        await withCheckedContinuation { release = $0 }
    }

    func waitForArrival() async {
        if waitingToEnter { return }
        await withCheckedContinuation { entered = $0 }
    }

    func open() { release?.resume() }
}

@Suite("Background jobs")
struct JobRunnerTests {
    @Test("A queued job runs once and is done")
    func queuedRunsOnce() async throws {
        let recorder = RunRecorder()
        var jobs = JobRegistry()
        jobs.register("test.record") { context in
            await recorder.start(context.payload)
            await recorder.finish(context.payload)
        }
        try await TestApp.with(jobs: jobs) { app in
            let id = try await app.app.jobRunner.enqueue("test.record", payload: "a")
            #expect(await app.app.jobRunner.runDueJobs() == 1)
            #expect(await app.app.jobRunner.runDueJobs() == 0)
            #expect(await recorder.runs == ["a": 1])
            #expect(try await Job.find(id, on: app.app.db)?.statusRaw == "done")
        }
    }

    @Test("A failing job is retried with growing delays, then marked failed and shown with its error")
    func retriesThenFails() async throws {
        struct Broken: Error, CustomStringConvertible { var description: String { "printer on fire" } }
        var jobs = JobRegistry()
        jobs.register("test.fail") { _ in throw Broken() }
        try await TestApp.with(jobs: jobs) { app in
            let runner = app.app.jobRunner
            let id = try await runner.enqueue("test.fail", maxAttempts: 3)
            #expect(await runner.runDueJobs() == 1)
            #expect(await runner.runDueJobs() == 0)  // waiting out the 10 s backoff
            app.clock.advance(10)
            #expect(await runner.runDueJobs() == 1)
            app.clock.advance(10)
            #expect(await runner.runDueJobs() == 0)  // the second delay is 20 s
            app.clock.advance(10)
            #expect(await runner.runDueJobs() == 1)
            let job = try await Job.find(id, on: app.app.db)
            #expect(job?.statusRaw == "failed")
            #expect(job?.attempts == 3)
            #expect(job?.lastError == "printer on fire")
            let (_, token) = try await app.token(.itManager)
            let listed = try await APIClient(app, token: token).call(.GET, "/api/v1/jobs")
            #expect(listed.jsonArray.contains { $0["lastError"] as? String == "printer on fire" })
            let metrics = try await Browser(app).get("/metrics").body
            #expect(metrics.contains(#"qm_job_runs_total{job="test.fail",outcome="failure"} 3"#))
        }
    }

    @Test("A scheduled job is registered once and runs again after its interval")
    func scheduled() async throws {
        let recorder = RunRecorder()
        var jobs = JobRegistry()
        jobs.schedule("test.tick", .every(seconds: 60)) { context in
            await recorder.start("tick")
            await recorder.finish("tick")
        }
        try await TestApp.with(jobs: jobs) { app in
            let runner = app.app.jobRunner
            try await runner.registerSchedules()
            try await runner.registerSchedules()
            #expect(try await Job.query(on: app.app.db).filter(\.$name == "test.tick").count() == 1)
            #expect(await runner.runDueJobs() == 1)
            app.clock.advance(59)
            #expect(await runner.runDueJobs() == 0)
            app.clock.advance(1)
            #expect(await runner.runDueJobs() == 1)
            #expect(await recorder.runs["tick"] == 2)
            #expect(try await Job.query(on: app.app.db).filter(\.$name == "test.tick").first()?.statusRaw == "pending")
        }
    }

    @Test("The session clean-up job deletes expired sessions and keeps live ones")
    func sessionCleanup() async throws {
        try await TestApp.with { app in
            _ = try await app.signedIn(.employee)
            app.clock.advance(3600)
            let live = try await app.signedIn(.employee)
            try await app.app.jobRunner.registerSchedules()
            // Every standard job runs once: the clean-up, and the notification jobs with nothing to do.
            #expect(await app.app.jobRunner.runDueJobs() == JobRegistry.standard.scheduled.count)
            #expect(try await Job.query(on: app.app.db).filter(\.$statusRaw == "failed").count() == 0)
            #expect(try await app.count(UserSession.self) == 1)
            #expect(try await live.get("/dashboard").status == .ok)
        }
    }

    @Test("Two instances on one PostgreSQL run every job exactly once, never one twice at once", .enabled(if: TestDatabase.isPostgres))
    func twoInstancesShareJobs() async throws {
        let recorder = RunRecorder()
        var jobs = JobRegistry()
        jobs.register("test.shared") { context in
            await recorder.start(context.payload)
            try await Task.sleep(for: .milliseconds(2))
            await recorder.finish(context.payload)
        }
        let (database, remove) = try await TestDatabase.make()
        let clock = TestClock()
        let first = try await TestApp.start(database: database, clock: clock, jobs: jobs)
        let second = try await TestApp.start(database: database, clock: clock, jobs: jobs, migrate: false)
        do {
            for index in 0..<60 { try await first.app.jobRunner.enqueue("test.shared", payload: "job-\(index)") }
            async let a = first.app.jobRunner.runDueJobs()
            async let b = second.app.jobRunner.runDueJobs()
            let (ranA, ranB) = await (a, b)
            #expect(ranA + ranB == 60)
            #expect(ranA > 0 && ranB > 0, "both instances should have taken work (\(ranA) / \(ranB))")
            let runs = await recorder.runs
            #expect(runs.count == 60 && runs.values.allSatisfy { $0 == 1 })
            #expect(await recorder.overlaps == 0)
        } catch {
            Issue.record(error)
        }
        await first.stop()
        await second.stop()
        await remove()
    }

    @Test("A job held by a killed instance is taken over once its lease expires, and not before", .enabled(if: TestDatabase.isPostgres))
    func takeoverAfterLeaseExpiry() async throws {
        let gate = Gate()
        let recorder = RunRecorder()
        let (database, remove) = try await TestDatabase.make()
        let clock = TestClock()
        var hanging = JobRegistry()
        hanging.register("test.takeover") { context in
            await recorder.start("first-instance")
            await gate.arrive()  // never finishes while the instance lives
        }
        var healthy = JobRegistry()
        healthy.register("test.takeover") { _ in
            await recorder.start("second-instance")
            await recorder.finish("second-instance")
        }
        let first = try await TestApp.start(database: database, clock: clock, jobs: hanging)
        let second = try await TestApp.start(database: database, clock: clock, jobs: healthy, migrate: false)
        do {
            let id = try await first.app.jobRunner.enqueue("test.takeover")
            let stuck = Task { await first.app.jobRunner.runDueJobs() }
            await gate.waitForArrival()
            // The first instance holds the lease; the second must leave the job alone.
            #expect(await second.app.jobRunner.runDueJobs() == 0)
            clock.advance(299)
            #expect(await second.app.jobRunner.runDueJobs() == 0)
            clock.advance(2)
            #expect(await second.app.jobRunner.runDueJobs() == 1)
            let job = try await Job.find(id, on: second.app.db)
            #expect(job?.statusRaw == "done")
            #expect(job?.attempts == 2)
            // When the presumed-dead instance wakes up, its late result must not overwrite the new holder's.
            await gate.open()
            _ = await stuck.value
            #expect(try await Job.find(id, on: second.app.db)?.statusRaw == "done")
            #expect(await recorder.runs == ["first-instance": 1, "second-instance": 1])
        } catch {
            Issue.record(error)
        }
        await first.stop()
        await second.stop()
        await remove()
    }
}
