// RoutingService: the Masir embedding API as a service uses it.
//
//   swift run RoutingService [RULES_DIR]      (default ../../rules; scripts/run_example.sh runs it)
//
// It loads the national and provincial rulebooks into a RulebookStore, routes sample cases, and
// shows that a reload with a broken rulebook is refused while the old rules keep deciding.

import Foundation
import Masir

let rules = CommandLine.arguments.dropFirst().first ?? "../../rules"

// A service reloads the folder it was deployed with; this example edits a rulebook to show a
// refused reload, so it works on a copy and leaves the repository's rules alone.
let deployed = FileManager.default.temporaryDirectory.appendingPathComponent("routing-service-\(ProcessInfo.processInfo.processIdentifier)")
try? FileManager.default.removeItem(at: deployed)
try FileManager.default.copyItem(at: URL(fileURLWithPath: rules), to: deployed)
defer { try? FileManager.default.removeItem(at: deployed) }

// 1. Load. The store checks every rulebook first and throws with every diagnostic if any has an
//    error: a service should refuse to start rather than route with half its rules.
let store: RulebookStore
do {
    store = try RulebookStore(source: .files(deployed.path))
} catch {
    print("cannot load the rules:\n\(error)")
    exit(1)
}
print("loaded \(store.engine.rulebooks.count) rulebooks, generation \(store.current.generation)")

// A fixed instant keeps the output the same from run to run; a service decides at `.now`.
let at = Instant(parsingCaseTime: "1403/08/25 10:00")!

/// One line per decision: the case, its referrals, priority and SLA due time.
func show(_ label: String, _ decision: Decision) {
    let referrals = decision.referrals.map { $0.role == "primary" ? $0.agency : "\($0.agency) (\($0.role))" }
    let due = decision.sla.map { "SLA \($0.duration), due \($0.due?.jalali ?? "—")" } ?? "no SLA"
    let rule = decision.referrals.first.map { " by \($0.group).\($0.rule)" } ?? ""
    print("\(label): \(decision.rulebook.id)\(rule) → \(referrals.joined(separator: ", ")); priority \(decision.priority.level); \(due)")
}

// 2. Route. Each evaluation takes the engine of the current snapshot; an engine is immutable and
//    Sendable, so a request holds it for its duration and a reload never changes a decision
//    half-way. The case's `province` (or else its area code) picks the provincial rulebook.
for name in ["needy-housing-deposit", "area-code-only-dargazin"] {
    let text = try String(contentsOfFile: "\(rules)/provinces/hamedan/cases/\(name).yaml", encoding: .utf8)
    show(name, try store.engine.evaluate(.text(text), at: at))
}

// Cases need not be files: here YAML text, as a request body would carry it. JSON text,
// `.json(Data)`, a `CaseValue` built in code or `CaseInput.encoding(someStruct)` work the same.
let fromText = """
    province: همدان
    caller: {needy: yes, support_body: welfare}
    description: وام ودیعه مسکن
    opened: 1403/08/24 09:00
    """
show("from a string", try store.engine.evaluate(.text(fromText), at: at))

// A case that does not fit the rulebook's schema is a typed error naming the field and line,
// which a service turns into its own 4xx answer.
do {
    _ = try store.engine.evaluate(.text("province: همدان\ncaller: {needy: perhaps}\nopened: 1403/08/24 09:00\n"), at: at)
} catch {
    if case .case(let errors) = error { print("rejected: \(errors.errors.map { "line \($0.line ?? 0): \($0.path): \($0.message)" }.joined(separator: "; "))") }
}

// 3. Reload atomically. Hamedan publishes a rule that makes power cuts urgent, but its first
//    version names an agency that does not exist: the reload is refused with the diagnostics, and
//    the version in use (generation 1) keeps routing as before.
let hamedan = deployed.appendingPathComponent("provinces/hamedan/rulebook.masir")
let published = try String(contentsOf: hamedan, encoding: .utf8)
func publish(agency: String) throws {
    let rule = """
        routing referrals
          rule hamedan_power_cuts "قطع برق"
            when category is present and category under electricity
            refer to \(agency)
            priority high
            sla 1 working day

        """
    try published.replacingOccurrences(of: "routing referrals\n", with: rule).write(to: hamedan, atomically: true, encoding: .utf8)
}
let powerCut = try String(contentsOfFile: "\(rules)/provinces/hamedan/cases/area-code-only-dargazin.yaml", encoding: .utf8)

try publish(agency: "electricityy")
do {
    try store.reload()
    print("unexpected: the broken rulebook was accepted")
} catch {
    let errors = error.diagnostics.filter { $0.severity == .error }
    print("reload refused: \(errors.first?.message ?? "?"); still generation \(store.current.generation)")
}
show("after the refused reload", try store.engine.evaluate(.text(powerCut), at: at))

// The corrected version is published; the next reload swaps it in for every later request.
try publish(agency: "electricity")
let snapshot = try store.reload()
print("reload accepted: generation \(snapshot.generation) (\(store.status.failedReloads) refused before it)")
show("after the good reload", try store.engine.evaluate(.text(powerCut), at: at))
