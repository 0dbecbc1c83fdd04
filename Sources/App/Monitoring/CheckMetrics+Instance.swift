import Domain
import Fluent
import Foundation
import SQLKit

extension CheckMetrics {
    /// This instance's monitor: what it schedules and runs, what it wrote, and how late runs start (due → start, over
    /// its latest 10,000 runs) — the figures that show when an instance has more checks than it can run.
    static func instanceLines(_ monitor: Monitor.Statistics) -> [String] {
        var lines = header("qm_monitor_checks_scheduled", "gauge", "Checks this instance runs (those of the shares it leases).")
        lines.append("qm_monitor_checks_scheduled \(monitor.scheduled)")
        lines += header("qm_monitor_shares", "gauge", "Shares of the checks this instance leases.")
        lines.append("qm_monitor_shares \(monitor.shards.count)")
        lines += header("qm_monitor_results_written_total", "counter", "Check results this instance wrote.")
        lines.append("qm_monitor_results_written_total \(monitor.written)")
        guard let scheduler = monitor.scheduler else { return lines }
        lines += header(
            "qm_monitor_runs_total", "counter", "Check runs by outcome: started, finished, skipped (still running), abandoned (deadline).")
        for (outcome, count) in [
            ("started", scheduler.started), ("finished", scheduler.finished), ("skipped", scheduler.skipped),
            ("abandoned", scheduler.abandoned),
        ] {
            lines.append("qm_monitor_runs_total{outcome=\"\(outcome)\"} \(count)")
        }
        let lags = scheduler.recentLags(10_000).sorted()
        if !lags.isEmpty {
            lines += header("qm_monitor_lag_seconds", "gauge", "How late runs start after they are due, over the latest 10,000 runs.")
            for quantile in [0.5, 0.99, 1.0] {
                let lag = lags[min(lags.count - 1, Int(Double(lags.count) * quantile))]
                let seconds = Double(lag.components.seconds) + Double(lag.components.attoseconds) / 1e18
                lines.append("qm_monitor_lag_seconds{quantile=\"\(quantile == 1 ? "1" : String(quantile))\"} \(seconds)")
            }
        }
        return lines
    }
}
