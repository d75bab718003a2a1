import Foundation
import Logging
import Masir
import MasirTestSupport
import Testing

@testable import MasirServer

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A `masir serve` running in this process on a free loopback port, and a small client for it.
final class TestServer: Sendable {
    static let rules = Repository.url("rules").path
    /// The admin token every test server is started with, and `send` presents by default.
    static let adminToken = "test-admin-token-0123456789"

    /// One server over the real rules for the tests that do not change anything.
    static let shared = Task { try await TestServer(rules: rules) }

    let port: Int
    let built: MasirServer.Built
    private let task: Task<Void, any Error>

    init(rules: String, configure: (inout ServerConfiguration) -> Void = { _ in }) async throws {
        var configuration = ServerConfiguration(rules: rules)
        configuration.port = 0
        configuration.playground = Repository.url("Playground").path
        configuration.adminToken = Self.adminToken
        // Tests share the machine's cores and send checks in parallel; the limit has tests of its own.
        configuration.maximumExpensive = 4
        configure(&configuration)
        var logger = Logger(label: "masir.test")
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let built = try MasirServer.build(configuration, logger: logger) { port in
            continuation.yield(port)
        }
        self.built = built
        task = Task { try await built.application.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CocoaError(.fileReadUnknown) }
        self.port = port
    }

    deinit { task.cancel() }

    func stop() { task.cancel() }

    struct Exchange: Sendable {
        var method: String
        var path: String
        var status: Int
        var headers: [String: String]
        var body: Data
        var contentType: String {
            headers.first { $0.key.lowercased() == "content-type" }?.value ?? ""
        }

        /// The body as a JSON object, or nil.
        var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        }
        var array: [Any]? { (try? JSONSerialization.jsonObject(with: body)) as? [Any] }
        var text: String { String(decoding: body, as: UTF8.self) }
        var error: [String: Any]? { json?["error"] as? [String: Any] }
    }

    /// Sends a request; `body` is JSON text unless `contentType` says otherwise. The admin token
    /// goes along unless `token` is nil; `headers` are added.
    func send(
        _ method: String, _ path: String, body: String? = nil, data: Data? = nil,
        contentType: String = "application/json", token: String? = TestServer.adminToken,
        headers: [String: String] = [:]
    ) async throws -> Exchange {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.timeoutInterval = 60
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let payload = data ?? body.map({ Data($0.utf8) }) {
            request.httpBody = payload
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields { headers["\(key)"] = "\(value)" }
        return Exchange(
            method: method, path: path, status: http.statusCode, headers: headers, body: data)
    }
}

/// Runs a program, returning its exit status and output (standard output and error together).
/// The wait happens on a thread of its own, not on one of the few that run Swift tasks (which the
/// in-process servers of other tests need).
func run(
    _ executable: String, _ arguments: [String], environment: [String: String] = [:]
) async throws -> (Int32, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env.merge(environment) { _, new in new }
    process.environment = env
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let handle = UncheckedBox(pipe.fileHandleForReading)
    let output = await withCheckedContinuation { (continuation: CheckedContinuation<Data, Never>) in
        Thread.detachNewThread {
            let data = handle.value.readDataToEndOfFile()
            continuation.resume(returning: data)
        }
    }
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        let waited = UncheckedBox(process)
        Thread.detachNewThread {
            waited.value.waitUntilExit()
            continuation.resume()
        }
    }
    return (process.terminationStatus, String(decoding: output, as: UTF8.self))
}

struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// A JSON case from a sample YAML file of rules/provinces/hamedan/cases (via the API's decoder of
/// YAML into plain values is not public, so the samples the tests need are written here as JSON).
enum Samples {
    static let needyHousing = """
        {"id": "HMD-1403-08-000112", "province": "همدان",
         "caller": {"area_code": "081", "needy": true, "support_body": "welfare"},
         "county": "malayer",
         "description": "سلام، از ملاير زنگ مي‌زنم و تحت پوشش بهزيستي هستم. صاحبخانه اجاره را بالا برده و براي وام وديعه مسكن ثبت‌نام كردم ولي هنوز خبري نشده.",
         "amount": "1,500,000,000 rials", "status": "registered", "opened": "1403/08/12 10:00"}
        """
    static let areaCodeOnly = """
        {"id": "HMD-1403-08-000322", "caller": {"area_code": "081"}, "county": "درگزین",
         "description": "برق روستای ما هر شب چند ساعت قطع می‌شود و یخچال‌ها خراب شده‌اند.",
         "status": "registered", "opened": "1403/08/22 19:30"}
        """
}
