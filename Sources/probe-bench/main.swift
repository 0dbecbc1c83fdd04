// Benchmark of the check scheduler and the TCP and HTTP probes on real sockets (issue 5's scale goal): N TCP checks
// and M HTTP checks at one interval against local listeners (Benchmarks/check_listeners.py), for a duration after a
// warm-up of one interval. Prints one Markdown row: checks per minute, CPU of this process as a share of one core,
// peak memory, scheduling lag p50/p99, and how many runs failed. Usage:
//   probe-bench TCP_COUNT HTTP_COUNT INTERVAL_SECONDS MEASURE_SECONDS TCP_PORT HTTP_PORT [CONCURRENCY]
import Domain
import Foundation
import NIOPosix
import Probes

let arguments = CommandLine.arguments.dropFirst().map { Int($0) }
guard arguments.count >= 6, arguments.allSatisfy({ $0 != nil }) else {
    FileHandle.standardError.write(Data("usage: probe-bench TCP HTTP INTERVAL MEASURE TCP_PORT HTTP_PORT [CONCURRENCY]\n".utf8))
    exit(2)
}
let (tcpCount, httpCount, interval, measure, tcpPort, httpPort) =
    (arguments[0]!, arguments[1]!, arguments[2]!, arguments[3]!, arguments[4]!, arguments[5]!)
let concurrency = arguments.count > 6 ? arguments[6]! : 256

actor Tally {
    var ok = 0
    var failed = 0
    var problems: [String: Int] = [:]
    var counting = false

    func add(_ result: ProbeResult) {
        guard counting else { return }
        if result.status == .ok {
            ok += 1
        } else {
            failed += 1
            problems[result.problem?.rawValue ?? "?", default: 0] += 1
        }
    }

    func startCounting() { counting = true }
    func stop() -> (Int, Int, [String: Int]) {
        counting = false
        return (ok, failed, problems)
    }
}

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func maxRSSMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024  // kilobytes on Linux
}

let group = MultiThreadedEventLoopGroup.singleton
let clients = HTTPProbeClients(group: group)
let tally = Tally()
let tcp = TCPProbe(host: "127.0.0.1", port: tcpPort, timeout: .seconds(5))
let http = HTTPProbe(url: "http://127.0.0.1:\(httpPort)/health", bodyContains: "ok", timeout: .seconds(5))
// Spread evenly over the interval by id, TCP and HTTP checks interleaved, as the server spreads by a stored offset.
let total = tcpCount + httpCount
let scheduler = CheckScheduler<Int>(maximumConcurrent: concurrency, spread: { Double(($0 * 7919) % total) / Double(total) }) { id, _ in
    let result = id < tcpCount ? await tcp.run(on: group) : await http.run(with: clients)
    await tally.add(result)
}
for index in 0..<total {
    await scheduler.schedule(index, every: .seconds(interval), deadline: .seconds(10))
}
let loop = Task { await scheduler.run() }
try await Task.sleep(for: .seconds(interval))  // warm-up: every check has run once
let warm = await scheduler.currentStatistics
await tally.startCounting()
let (cpu0, clock0) = (cpuSeconds(), ContinuousClock.now)
try await Task.sleep(for: .seconds(measure))
let (cpu1, clock1) = (cpuSeconds(), ContinuousClock.now)
let (ok, failed, problems) = await tally.stop()
let statistics = await scheduler.currentStatistics
loop.cancel()
try await clients.shutdown()

let wall = (clock1 - clock0) / .seconds(1)
let lags = statistics.lags.dropFirst(warm.lags.count).sorted()
func percentile(_ p: Double) -> String {
    guard !lags.isEmpty else { return "–" }
    let lag = lags[min(lags.count - 1, Int(Double(lags.count) * p))]
    return String(format: "%.1f", lag / .milliseconds(1))
}
let perMinute = Double(ok + failed) / wall * 60
let problemText =
    problems.isEmpty ? "" : " (" + problems.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"
print(
    "| \(tcpCount) TCP + \(httpCount) HTTP every \(interval) s | \(Int(perMinute.rounded())) | "
        + String(format: "%.1f %%", (cpu1 - cpu0) / wall * 100) + " | " + String(format: "%.0f MB", maxRSSMegabytes()) + " | "
        + "\(percentile(0.5)) | \(percentile(0.99)) | \(failed)\(problemText) | \(statistics.skipped - warm.skipped) |")
exit(0)
