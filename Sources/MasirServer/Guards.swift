import Foundation
import HTTPTypes
import Hummingbird
import Masir

/// Admission for expensive work (checking, evaluating and loading rulebooks): at most `capacity`
/// run at once and at most `queueLimit` wait for a slot, each no longer than it is given; the rest
/// are answered 503 `busy`, so these requests cannot take the threads and cores that routing
/// needs. A slot is held until the work has stopped, not until its request was answered: work
/// abandoned at its deadline still counts.
final class WorkLimiter: @unchecked Sendable {
    let capacity: Int
    let queueLimit: Int
    private let lock = NSLock()
    private var running = 0
    private var refusedCount = 0
    private var serial = 0
    /// Waiting requests in arrival order, each resumed with true when it gets a slot.
    private var waiting: [(id: Int, continuation: CheckedContinuation<Bool, Never>)] = []

    init(capacity: Int, queueLimit: Int? = nil) {
        self.capacity = max(1, capacity)
        self.queueLimit = max(0, queueLimit ?? 4 * max(1, capacity))
    }

    /// Takes a slot, waiting at most `patience` for one; false when none came.
    func acquire(waitingAtMost patience: Duration) async -> Bool {
        let id: Int? = lock.withLock {
            if running < capacity, waiting.isEmpty {
                running += 1
                return nil
            }
            serial += 1
            return serial
        }
        guard let id else { return true }
        let timer = Task {
            try? await Task.sleep(for: patience)
            self.giveUp(id)
        }
        defer { timer.cancel() }
        return await withCheckedContinuation { continuation in
            let refused: Bool = lock.withLock {
                // A slot may have been freed since the first look.
                if running < capacity, waiting.isEmpty {
                    running += 1
                    continuation.resume(returning: true)
                    return false
                }
                guard waiting.count < queueLimit else {
                    refusedCount += 1
                    return true
                }
                waiting.append((id, continuation))
                return false
            }
            if refused { continuation.resume(returning: false) }
        }
    }

    private func giveUp(_ id: Int) {
        let continuation: CheckedContinuation<Bool, Never>? = lock.withLock {
            guard let index = waiting.firstIndex(where: { $0.id == id }) else { return nil }
            refusedCount += 1
            return waiting.remove(at: index).continuation
        }
        continuation?.resume(returning: false)
    }

    /// Gives a slot back: to the longest-waiting request, if any.
    func release() {
        let next: CheckedContinuation<Bool, Never>? = lock.withLock {
            if !waiting.isEmpty { return waiting.removeFirst().continuation }
            running = max(0, running - 1)
            return nil
        }
        next?.resume(returning: true)
    }

    /// Work running now, requests waiting, and requests refused since the start.
    var counts: (running: Int, waiting: Int, refused: Int) {
        lock.withLock { (running, waiting.count, refusedCount) }
    }

    static func busy(_ what: String) -> APIError {
        var error = APIError(
            503, "busy",
            "the server is already \(what) as many rulebooks as it allows at once; try again shortly"
        )
        error.body.reason = "server.busy"
        return error
    }
}

/// Who may call what: the admin credential, and the checks that keep a web page in the
/// operator's browser from using the service (cross-site requests and DNS rebinding).
struct AccessPolicy: Sendable {
    /// The admin token; nil when none was configured.
    var adminToken: String?
    /// Whether the server listens on loopback only.
    var loopback: Bool
    /// The `Host` names accepted (lowercased, without ports); empty accepts any.
    var hosts: Set<String>

    init(_ configuration: ServerConfiguration) {
        adminToken = configuration.adminToken
        loopback = configuration.isLoopback
        var hosts = Set(configuration.allowedHosts.map { $0.lowercased() })
        if hosts.isEmpty, loopback { hosts = ["localhost", "127.0.0.1", "::1"] }
        self.hosts = hosts
    }

    /// Media types a browser may send cross-site without asking the server first (a CORS
    /// "simple" request); a state-changing endpoint refuses them, so a page elsewhere cannot
    /// make the browser call it.
    static let simpleTypes: Set<String> = [
        "text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
    ]

    static let fetchSite = HTTPField.Name("Sec-Fetch-Site") ?? .origin

    static func mediaType(_ contentType: String?) -> String? {
        guard let contentType else { return nil }
        let type = contentType.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
        return type.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// The host of a `Host` header or an origin's authority, lowercased and without the port
    /// (`[::1]:8111` → `::1`).
    static func hostName(_ authority: Substring) -> String {
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            return authority[authority.index(after: authority.startIndex)..<close].lowercased()
        }
        return (authority.split(separator: ":", maxSplits: 1).first.map(String.init) ?? "")
            .lowercased()
    }

    /// Refuses a request whose `Host` is not one of the accepted names (a DNS-rebinding page
    /// reaches a loopback server under its own name).
    func checkHost(_ request: Request) throws(APIError) {
        guard !hosts.isEmpty else { return }
        let authority = request.head.authority ?? ""
        guard hosts.contains(Self.hostName(Substring(authority))) else {
            var error = APIError(
                421, "host_not_allowed",
                "`Host: \(authority)` is not a name this server answers to (see --allowed-host)")
            error.body.reason = "request.host-not-allowed"
            throw error
        }
    }

    /// For a state-changing request: refuses another origin, and the content types a browser
    /// sends cross-site without a preflight.
    func checkSameSite(_ request: Request) throws(APIError) {
        if let origin = request.headers[.origin] {
            let host = request.head.authority ?? ""
            let authority = origin.range(of: "://").map { origin[$0.upperBound...] } ?? ""
            guard origin != "null", !authority.isEmpty, authority.lowercased() == host.lowercased()
            else {
                var error = APIError(
                    403, "cross_site",
                    "requests from the page at `\(origin)` are refused: only this server's own pages may call it"
                )
                error.body.reason = "request.cross-site"
                throw error
            }
        } else if request.headers[Self.fetchSite] == "cross-site" {
            var error = APIError(403, "cross_site", "cross-site requests are refused")
            error.body.reason = "request.cross-site"
            throw error
        }
        if let type = Self.mediaType(request.headers[.contentType]), Self.simpleTypes.contains(type)
        {
            var error = APIError(
                415, "unsupported_media_type",
                "`Content-Type: \(type)` is refused here; send application/json (or application/yaml where accepted)"
            )
            error.body.reason = "request.unsupported-media-type"
            throw error
        }
    }

    /// What an admin endpoint needs: the admin token when one is configured; without one,
    /// `alwaysNeedsToken` endpoints are disabled and the others are open on a loopback server only.
    func checkAdmin(_ request: Request, alwaysNeedsToken: Bool) throws(APIError) {
        guard let adminToken else {
            if alwaysNeedsToken || !loopback {
                var error = APIError(
                    403, "admin_disabled",
                    alwaysNeedsToken
                        ? "this endpoint needs an admin token; start the server with --admin-token-file"
                        : "the server listens beyond loopback without --admin-token-file, so this endpoint is disabled"
                )
                error.body.reason = "auth.disabled"
                throw error
            }
            return
        }
        let given = request.headers[.authorization].flatMap { header -> Substring? in
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
            return parts[1]
        }
        guard let given else {
            var error = APIError(401, "unauthorized", "this endpoint needs `Authorization: Bearer`")
            error.body.reason = "auth.missing-credential"
            throw error
        }
        guard Self.equalInConstantTime(Array(given.utf8), Array(adminToken.utf8)) else {
            var error = APIError(401, "unauthorized", "the admin token is not valid")
            error.body.reason = "auth.bad-credential"
            throw error
        }
    }

    /// Compares every byte whatever the first difference, so the time taken tells nothing of how
    /// much of a guess was right (it depends on the lengths only).
    static func equalInConstantTime(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(a.count == b.count ? 0 : 1)
        let count = max(a.count, b.count)
        for index in 0..<count {
            let x = index < a.count ? a[index] : 0
            let y = index < b.count ? b[index] : 0
            difference |= x ^ y
        }
        return difference == 0
    }
}
