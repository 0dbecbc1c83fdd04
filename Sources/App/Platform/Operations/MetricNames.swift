import Prometheus

/// Every metric Quartermaster exports, in one place.
enum MetricNames {
    static var httpRequests: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "qm", subsystem: "http", metricName: "requests", unitName: "total",
            helpText: "HTTP requests by method, route and status.")
    }
    static var httpDuration: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "qm", subsystem: "http", metricName: "request_duration", unitName: "seconds",
            helpText: "HTTP request latency by route.")
    }
    static var jobRuns: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "qm", subsystem: "job", metricName: "runs", unitName: "total", helpText: "Background job runs by job and outcome.")
    }
}
