import Foundation
import Prometheus

/// The server's Prometheus metrics, exposed at `GET /metrics`.
///
/// - `masir_http_requests_total{route,method,status}`
/// - `masir_http_request_duration_seconds{route}` (histogram)
/// - `masir_decisions_total{agency}`: decisions by primary agency (`none` when nothing was referred)
/// - `masir_case_errors_total`: cases refused (schema, province)
/// - `masir_abandoned_cases_total`: cases left undecided because their request timed out
/// - `masir_work_stopped_at_deadline_total{work="check"|"evaluate"}`: checks and loads cut short
///   at their request's deadline
/// - `masir_reloads_total{result="ok"|"failed"}`
/// - `masir_rulebooks_loaded`, `masir_rules_generation` (gauges)
/// - `masir_decision_log_records_total`, `masir_decision_log_errors_total`
final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    static let buckets: [Duration] = [
        .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2),
        .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .seconds(2.5),
        .seconds(5), .seconds(10),
    ]

    private func descriptor(_ name: String, _ unit: String, _ help: String) -> MetricNameDescriptor
    {
        MetricNameDescriptor(namespace: "masir", metricName: name, unitName: unit, helpText: help)
    }

    /// `masir_NAME_total`, one series per set of label values.
    private func counter(
        _ name: String, _ help: String, _ labels: [(String, String)] = []
    )
        -> Counter
    {
        registry.makeCounter(descriptor: descriptor(name, "total", help), labels: labels)
    }

    init() {
        // Declared up front so a scrape shows them before the first event.
        for result in ["ok", "failed"] { _ = reloads(result) }
        for work in ["check", "evaluate"] { _ = stoppedAtDeadline(work) }
        _ = caseErrors
        _ = abandonedCases
        _ = logRecords
        _ = logErrors
    }

    func request(route: String, method: String, status: Int, duration: Duration) {
        counter(
            "http_requests", "HTTP requests by route, method and status.",
            [("route", route), ("method", method), ("status", String(status))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: descriptor(
                "http_request_duration", "seconds", "Time to answer a request, by route."),
            labels: [("route", route)], buckets: Self.buckets
        ).record(duration)
    }

    func decision(agency: String) {
        counter(
            "decisions", "Decisions by the agency of the primary referral.", [("agency", agency)]
        )
        .increment()
    }

    var caseErrors: Counter {
        counter("case_errors", "Cases refused: schema errors, unknown province.")
    }

    var abandonedCases: Counter {
        counter(
            "abandoned_cases",
            "Cases left undecided because their request was answered 503 first (a timed-out batch stops at its next case)."
        )
    }

    func stoppedAtDeadline(_ work: String) -> Counter {
        counter(
            "work_stopped_at_deadline",
            "Checks and loads cut short at their request's deadline, after its 503.",
            [("work", work)])
    }

    func reloads(_ result: String) -> Counter {
        counter(
            "reloads", "Rulebook reloads by result; a failed reload keeps the rules in use.",
            [("result", result)])
    }

    func loaded(rulebooks: Int, generation: Int) {
        registry.makeGauge(
            descriptor: descriptor("rulebooks", "loaded", "Rulebooks in the version in use.")
        ).set(Double(rulebooks))
        registry.makeGauge(
            descriptor: descriptor(
                "rules", "generation",
                "Version of the rules in use: 1 at start, one more per reload.")
        ).set(Double(generation))
    }

    var logRecords: Counter {
        counter("decision_log_records", "Decisions appended to the decision log.")
    }

    var logErrors: Counter {
        counter("decision_log_errors", "Decisions the decision log failed to write.")
    }

    /// The Prometheus text exposition.
    func text() -> String { registry.emitToString() }
}
