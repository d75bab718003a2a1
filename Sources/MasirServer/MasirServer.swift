import Dispatch
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import Masir
import NIOCore

/// `masir serve`: the Masir HTTP API on Hummingbird 2, with the playground page.
///
/// Endpoints (described in docs/openapi.yaml):
/// `POST /v1/route`, `GET /v1/rulebooks`, `GET /v1/rulebooks/{id}`, `GET /v1/rulebooks/{id}/calendar`,
/// `POST /v1/check`, `POST /v1/evaluate`, `GET /v1/samples`, `POST /v1/reload`, `GET /healthz`,
/// `GET /metrics`, and the playground at `/`.
public enum MasirServer {
    /// A built server, not yet running.
    public struct Built: Sendable {
        /// The Hummingbird application; run it with `runService()` or inside a `ServiceGroup`.
        public let application: any ApplicationProtocol
        let service: MasirService

        /// Reloads the rules as `POST /v1/reload` does (for SIGHUP); true when they were replaced.
        @discardableResult
        public func reload() async -> Bool {
            await service.reload().status == 200
        }

        /// Flushes the decision log to the disk.
        public func flush() { service.log?.sync() }
    }

    /// Builds the server for `configuration`. `onRunning` receives the bound port once the server
    /// listens (useful with port 0). Throws `ServerError` when the rules have errors or the
    /// decision log cannot be opened.
    public static func build(
        _ configuration: ServerConfiguration, logger: Logger = Logger(label: "masir.server"),
        strategy: EvaluationStrategy = .compiled,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> Built {
        let service = try MasirService(
            configuration: configuration, logger: logger, strategy: strategy)
        let router = Router(context: BasicRequestContext.self, options: .autoGenerateHeadEndpoints)
        let methods = MethodTable()
        router.add(middleware: ObservingMiddleware(service: service, methods: methods))
        router.add(middleware: AccessMiddleware(policy: service.policy))
        let limit = configuration.maximumBodyBytes
        let timeout = configuration.requestTimeout
        let bodyTimeout = configuration.idleTimeout
        let policy = service.policy
        let expensive = service.expensive

        methods.add("/v1/route", .post)
        router.post("/v1/route") { request, _ in
            await respond(request, limit: limit, timeout: timeout, bodyTimeout: bodyTimeout) {
                body, query, type, deadline throws(APIError) in
                try service.route(body: body, contentType: type, query: query, deadline: deadline)
            }
        }
        // Checks and loads share the expensive-work limiter and need the admin token when one is set.
        func postExpensive(
            _ path: String, doing: String,
            _ work:
                @escaping @Sendable (Request, Data, [String: String], String?, RequestDeadline)
                throws(APIError) -> Reply
        ) {
            methods.add(path, .post)
            router.post(RouterPath(path)) { request, _ in
                await respond(
                    request, limit: limit, timeout: timeout, bodyTimeout: bodyTimeout,
                    admin: policy, expensive: expensive, doing: doing
                ) { body, query, type, deadline throws(APIError) in
                    try work(request, body, query, type, deadline)
                }
            }
        }
        postExpensive("/v1/check", doing: "checking") {
            request, body, query, type, deadline throws(APIError) in
            try service.check(
                body: body, contentType: type, query: query,
                language: Self.language(of: request), deadline: deadline)
        }
        postExpensive("/v1/evaluate", doing: "evaluating") {
            request, body, _, _, deadline throws(APIError) in
            try service.evaluate(
                body: body, language: Self.language(of: request), deadline: deadline)
        }
        methods.add("/v1/reload", .post)
        router.post("/v1/reload") { request, _ in
            do throws(APIError) {
                try policy.checkAdmin(request, alwaysNeedsToken: true)
            } catch {
                return Self.response(.error(error))
            }
            guard await expensive.acquire(waitingAtMost: timeout) else {
                return Self.response(.error(WorkLimiter.busy("loading")))
            }
            defer { expensive.release() }
            return Self.response(await service.reload())
        }
        methods.add("/v1/rulebooks", .get)
        router.get("/v1/rulebooks") { _, _ in Self.response(service.rulebooks()) }
        methods.add("/v1/rulebooks/{id}", .get)
        router.get("/v1/rulebooks/{id}") { _, context in
            Self.response(catching: { () throws(APIError) in
                try service.rulebook(context.parameters.get("id") ?? "")
            })
        }
        methods.add("/v1/rulebooks/{id}/calendar", .get)
        router.get("/v1/rulebooks/{id}/calendar") { request, context in
            Self.response(catching: { () throws(APIError) in
                try service.calendar(context.parameters.get("id") ?? "", query: Self.query(request))
            })
        }
        methods.add("/v1/samples", .get)
        router.get("/v1/samples") { request, _ in
            Self.response(catching: { () throws(APIError) in
                try service.samples(query: Self.query(request))
            })
        }
        methods.add("/healthz", .get)
        router.get("/healthz") { _, _ in Self.response(service.health()) }
        methods.add("/metrics", .get)
        router.get("/metrics") { _, _ in
            Self.response(
                Reply(
                    status: 200, body: Data(service.metrics.text().utf8),
                    contentType: "text/plain; version=0.0.4; charset=utf-8"))
        }
        if let folder = configuration.playground
            ?? ServerConfiguration.findPlayground(rules: configuration.rules)
        {
            for (path, file, type) in [
                ("/", "index.html", "text/html; charset=utf-8"),
                ("/index.html", "index.html", "text/html; charset=utf-8"),
                ("/app.js", "app.js", "text/javascript; charset=utf-8"),
                ("/style.css", "style.css", "text/css; charset=utf-8"),
            ] {
                methods.add(path, .get)
                router.get(RouterPath(path)) { _, _ in
                    guard let data = FileManager.default.contents(atPath: folder + "/" + file)
                    else {
                        return Self.response(
                            .error(APIError(404, "not_found", "the playground has no `\(file)`")))
                    }
                    return Self.response(
                        Reply(
                            status: 200, body: data, contentType: type,
                            headers: [("Cache-Control", "no-cache")]))
                }
            }
        } else {
            logger.warning("no Playground folder found; the page is not served (set --playground)")
        }
        let connections = service.connections
        let (idleSeconds, idleAttoseconds) = configuration.idleTimeout.components
        let idle = TimeAmount.nanoseconds(
            Int64(min(idleSeconds, 86_400)) * 1_000_000_000 + idleAttoseconds / 1_000_000_000)
        let application = Application(
            router: router,
            server: .http1(
                configuration: HTTP1Channel.Configuration(
                    additionalChannelHandlers: [ConnectionGuard(table: connections)],
                    idleTimeout: idle)),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: "masir",
                // A hard ceiling behind the table's own limit, for the moments between a
                // connection's eviction and its close.
                availableConnectionsDelegate: MaximumAvailableConnections(
                    connections.limit + 32)),
            onServerRunning: { channel in
                await onRunning(channel.localAddress?.port ?? configuration.port)
            },
            logger: logger)
        return Built(application: application, service: service)
    }

    /// Runs the server until SIGINT or SIGTERM; SIGHUP reloads the rules.
    public static func run(
        _ configuration: ServerConfiguration, logger: Logger = Logger(label: "masir.server"),
        strategy: EvaluationStrategy = .compiled
    ) async throws {
        let built = try build(configuration, logger: logger, strategy: strategy) { port in
            logger.notice(
                "serving",
                metadata: [
                    "url":
                        "http://\(configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host):\(port)/",
                    "rules": "\(configuration.rules)",
                    "decision_log": "\(configuration.decisionLog ?? "-")",
                ])
        }
        let snapshot = built.service.store.current
        logger.notice(
            "rules loaded",
            metadata: [
                "rulebooks": "\(snapshot.engine.rulebooks.count)",
                "digest": "\(snapshot.engine.digest)",
            ])
        signal(SIGHUP, SIG_IGN)
        let hangup = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        hangup.setEventHandler {
            logger.notice("SIGHUP: reloading the rules")
            Task { await built.reload() }
        }
        hangup.resume()
        defer {
            hangup.cancel()
            built.flush()
        }
        try await built.application.runService()
    }

    // MARK: - Plumbing

    static func query(_ request: Request) -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in request.uri.queryParameters where result[String(key)] == nil {
            result[String(key)] = String(value)
        }
        return result
    }

    /// The language of the request's `Accept-Language` for diagnostics; English when it names
    /// none Masir speaks.
    static func language(of request: Request) -> DiagnosticLanguage {
        request.headers[.acceptLanguage].flatMap { DiagnosticLanguage(acceptLanguage: $0) }
            ?? .english
    }

    static func response(_ reply: Reply) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = reply.contentType
        for (name, value) in reply.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        return Response(
            status: .init(code: reply.status), headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: reply.body)))
    }

    static func response(catching work: () throws(APIError) -> Reply) -> Response {
        do {
            return response(try work())
        } catch {
            return response(.error(error))
        }
    }

    /// Collects the body (refusing more than `limit` bytes, or one slower than `bodyTimeout`),
    /// then runs `work` with a deadline of `timeout`. An admin endpoint (`admin`) first checks the credential; an
    /// expensive one (`expensive`) takes a slot of its limiter, or is answered 503 `busy`, and
    /// runs on the queue for expensive work.
    static func respond(
        _ request: Request, limit: Int, timeout: Duration, bodyTimeout: Duration,
        admin: AccessPolicy? = nil,
        expensive: WorkLimiter? = nil, doing: String = "",
        _ work:
            @escaping @Sendable (Data, [String: String], String?, RequestDeadline) throws(APIError)
            -> Reply
    ) async -> Response {
        if let admin {
            do throws(APIError) {
                try admin.checkAdmin(request, alwaysNeedsToken: false)
            } catch {
                return response(.error(error))
            }
        }
        let buffer: ByteBuffer
        switch await collect(request, limit: limit, timeout: bodyTimeout) {
        case .success(let collected): buffer = collected
        case .failure(let error): return response(.error(error))
        }
        if let expensive, await !expensive.acquire(waitingAtMost: timeout) {
            return response(.error(WorkLimiter.busy(doing)))
        }
        let body = Data(buffer.readableBytesView)
        let query = query(request)
        let contentType = request.headers[.contentType]
        let reply = await withDeadline(timeout, on: expensive == nil ? workQueue : expensiveQueue) {
            deadline in
            // The slot is given back when the work stops, which may be after its 503 was sent.
            defer { expensive?.release() }
            do throws(APIError) {
                return try work(body, query, contentType, deadline)
            } catch {
                return .error(error)
            }
        }
        return response(reply)
    }

    /// The request's body, unless it is larger than `limit` bytes (413) or takes longer than
    /// `timeout` to arrive (408; the connection is then closed rather than read on).
    static func collect(
        _ request: Request, limit: Int, timeout: Duration
    ) async -> Result<ByteBuffer, APIError> {
        let body = request.body
        let outcome = await withTaskGroup(of: Result<ByteBuffer, APIError>?.self) { group in
            group.addTask {
                do {
                    return .success(try await body.collect(upTo: limit))
                } catch is CancellationError {
                    return nil
                } catch {
                    return .failure(
                        APIError(413, "body_too_large", "the body is larger than \(limit) bytes"))
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                if Task.isCancelled { return nil }
                var error = APIError(
                    408, "body_timeout",
                    "the body did not arrive within \(Self.seconds(timeout)) s")
                error.body.reason = "request.body-timeout"
                return .failure(error)
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        return outcome ?? .failure(APIError(503, "cancelled", "the request was cancelled"))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// Where request work runs: Dispatch's threads, not the few that run Swift tasks, so a slow
    /// request cannot stall the server's other tasks (or the timer that abandons it).
    static let workQueue = DispatchQueue(
        label: "masir.requests", qos: .userInitiated, attributes: .concurrent)
    /// Where expensive work runs (checking and evaluating rulebook text): below routing's
    /// priority, so that the cores go to routing first.
    static let expensiveQueue = DispatchQueue(
        label: "masir.expensive", qos: .utility, attributes: .concurrent)
    /// Where deadlines fire: a serial queue, which Dispatch serves on a thread of its own even when
    /// every worker is busy.
    static let deadlines = DispatchQueue(label: "masir.deadlines", qos: .userInitiated)

    /// `work`'s reply, or a 503 `timeout` reply when it takes longer than `duration` (or 503
    /// `cancelled` when the request's task is cancelled, as when the server stops).
    ///
    /// The answer does not wait for abandoned work, but the work cannot be killed from outside:
    /// it is handed the `RequestDeadline` so it can stop at its next step, and must `claim()` the
    /// answer before an effect that only an answered request may have.
    static func withDeadline(
        _ duration: Duration, on queue: DispatchQueue = workQueue,
        _ work: @escaping @Sendable (RequestDeadline) -> Reply
    ) async -> Reply {
        let deadline = RequestDeadline()
        let (seconds, attoseconds) = duration.components
        let nanoseconds =
            Int(min(seconds, 86_400)) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Reply, Never>) in
                deadline.wait(continuation)
                let timer = UncheckedSendable(
                    DispatchWorkItem {
                        deadline.expire(
                            .error(
                                APIError(
                                    503, "timeout",
                                    "the request took longer than \(Double(nanoseconds) / 1e9) s and was abandoned"
                                )))
                    })
                deadlines.asyncAfter(
                    deadline: .now() + .nanoseconds(nanoseconds), execute: timer.value)
                queue.async {
                    let reply = work(deadline)
                    timer.value.cancel()
                    deadline.finish(reply)
                }
            }
        } onCancel: {
            deadline.expire(
                .error(
                    APIError(503, "cancelled", "the request was cancelled before it was answered")))
        }
    }
}

/// A value Swift cannot prove `Sendable` but that is used safely (a `DispatchWorkItem`,
/// which is thread-safe to cancel).
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// One request's answer, settled once by whichever comes first: its work, or its deadline (the
/// timer, or the request's cancellation).
///
/// The work runs on a Dispatch thread and cannot be stopped from outside, so it checks
/// `hasExpired` between steps (a batch, between cases) and stops once its result would be thrown
/// away. Before an effect that only an answered request may have — writing decisions to the
/// decision log — it calls `claim()`: from then on the deadline can no longer answer 503, so a
/// client that got 503 never has decisions logged that it was not given.
final class RequestDeadline: @unchecked Sendable {
    private enum State { case running, claimed, expired }
    private let lock = NSLock()
    private var state = State.running
    private var continuation: CheckedContinuation<Reply, Never>?
    /// The deadline's answer, kept for `wait` when it came first (a task cancelled before it began).
    private var expiredReply: Reply?

    /// Whether the request was answered 503 and its work's result will be thrown away.
    var hasExpired: Bool { lock.withLock { state == .expired } }

    /// The same deadline for the checker, which looks at it inside its longest loops.
    var checkDeadline: CheckDeadline {
        CheckDeadline(isPast: { [self] in
            lock.withLock {
                if state == .expired { stoppedWork = true }
                return state == .expired
            }
        })
    }

    /// Whether loading or checking found the deadline past and stopped short.
    var workStoppedAtDeadline: Bool { lock.withLock { stoppedWork } }
    private var stoppedWork = false

    /// Takes the answer for the work: true unless the deadline already answered, after which it
    /// cannot. Idempotent.
    func claim() -> Bool {
        lock.withLock {
            if state == .running { state = .claimed }
            return state == .claimed
        }
    }

    /// Where the answer goes; answered at once if the deadline has already expired.
    func wait(_ continuation: CheckedContinuation<Reply, Never>) {
        let early: Reply? = lock.withLock {
            guard state == .expired else {
                self.continuation = continuation
                return nil
            }
            return expiredReply
        }
        if let early { continuation.resume(returning: early) }
    }

    /// Answers with the work's reply, unless the deadline answered first.
    func finish(_ reply: Reply) {
        let pending: CheckedContinuation<Reply, Never>? = lock.withLock {
            guard state != .expired else { return nil }
            state = .claimed
            defer { continuation = nil }
            return continuation
        }
        pending?.resume(returning: reply)
    }

    /// Answers `reply` (a 503), unless the work has claimed the answer.
    func expire(_ reply: Reply) {
        let pending: CheckedContinuation<Reply, Never>? = lock.withLock {
            guard state == .running else { return nil }
            state = .expired
            expiredReply = reply
            defer { continuation = nil }
            return continuation
        }
        pending?.resume(returning: reply)
    }
}

/// Turns every thrown error into a JSON error answer, counts and times each request, and logs it.
struct ObservingMiddleware<Context: RequestContext>: RouterMiddleware {
    let service: MasirService
    let methods: MethodTable

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError
            where error.status == .notFound
            && !methods.allowed(request.uri.path).isEmpty
        {
            let allowed = methods.allowed(request.uri.path)
            response = MasirServer.response(
                .error(
                    APIError(
                        405, "method_not_allowed",
                        "\(request.uri.path) answers \(allowed.joined(separator: ", ")), not \(request.method)"
                    )))
            response.headers[.allow] = allowed.joined(separator: ", ")
        } catch let error as any HTTPResponseError {
            let status = Int(error.status.code)
            let code =
                status == 404
                ? "not_found" : status == 405 ? "method_not_allowed" : "http_\(status)"
            let message =
                status == 404
                ? "no endpoint \(request.method) \(request.uri.path)"
                : "\(error.status.reasonPhrase)"
            response = MasirServer.response(.error(APIError(status, code, message)))
        } catch {
            service.logger.error(
                "unexpected error", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            response = MasirServer.response(
                .error(APIError(500, "internal", "the server failed to answer")))
        }
        let elapsed = ContinuousClock.now - start
        let route = context.endpointPath ?? "unmatched"
        let status = Int(response.status.code)
        service.metrics.request(
            route: route, method: request.method.rawValue, status: status, duration: elapsed)
        let level: Logger.Level = status >= 500 ? .error : status >= 400 ? .notice : .info
        if service.logger.logLevel <= level {
            service.logger.log(
                level: level, "request",
                metadata: [
                    "method": "\(request.method)", "path": "\(request.uri.path)",
                    "route": "\(route)", "status": "\(status)",
                    "ms":
                        "\(Double(elapsed.components.attoseconds / 1_000_000_000_000) / 1000 + Double(elapsed.components.seconds) * 1000)",
                ])
        }
        return response
    }
}

/// Refuses, before any work: a `Host` the server does not answer to, and for a state-changing
/// request, another site's page and the content types a browser sends cross-site unasked.
struct AccessMiddleware<Context: RequestContext>: RouterMiddleware {
    let policy: AccessPolicy

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do throws(APIError) {
            try policy.checkHost(request)
            switch request.method {
            case .get, .head, .options: break
            default: try policy.checkSameSite(request)
            }
        } catch {
            return MasirServer.response(.error(error))
        }
        return try await next(request, context)
    }
}

/// The methods each endpoint answers, for a 405 with `Allow` when another is used. Filled while
/// the routes are added, before the server starts; read-only afterwards.
final class MethodTable: @unchecked Sendable {
    private var routes: [(segments: [Substring], methods: [String])] = []

    func add(_ path: String, _ method: HTTPRequest.Method) {
        let segments = path.split(separator: "/")
        var methods = [method.rawValue]
        if method == .get { methods.append(HTTPRequest.Method.head.rawValue) }
        if let index = routes.firstIndex(where: { $0.segments == segments }) {
            routes[index].methods += methods
        } else {
            routes.append((segments, methods))
        }
    }

    /// The methods of the endpoint at `path` (`{name}` segments match any one segment); empty
    /// when there is none.
    func allowed(_ path: String) -> [String] {
        let segments = path.split(separator: "/")
        return routes.first { route in
            route.segments.count == segments.count
                && zip(route.segments, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }?.methods ?? []
    }
}
