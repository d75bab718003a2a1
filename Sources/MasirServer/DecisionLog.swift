import Foundation
import Masir

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `write(2)`, as the decision log's default writer.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int {
    write(descriptor, bytes.baseAddress, bytes.count)
}

/// An append-only file of decisions, one JSON line each, that a crash never leaves half-written.
///
/// - Each record is encoded in full first, then written with **one** `write(2)` of the whole line
///   (`O_APPEND`), under a lock; a short write is undone by truncating back to the record's start.
///   A `kill -9` lands before or after a `write`, never inside one, so the file holds whole lines.
/// - On open, a last line without its newline (a machine crash can leave one, when the page
///   cache lost part of the last write) is truncated away, and the number of lines dropped is
///   reported.
/// - `fsync`: `always` syncs every record before returning; `batch` syncs from a background timer
///   when something was written; `never` leaves it to the system.
final class DecisionLog: @unchecked Sendable {
    /// One decision as logged.
    struct Record: Codable, Sendable {
        struct Referral: Codable, Sendable {
            var agency, role: String
        }
        /// The decision's unique id (also the response's `Masir-Decision-Id`).
        var id: String
        /// When the decision was made (wall clock).
        var loggedAt: String
        /// The evaluation instant.
        var at: String
        var rulebook, rulebookDigest: String
        var caseId: String?
        var caseDigest: String
        var referrals: [Referral]
        var priority: String
    }

    /// Writes bytes to a descriptor as `write(2)` does (the count written, or -1 with `errno`);
    /// tests put one in that fails.
    typealias Writer = @Sendable (Int32, UnsafeRawBufferPointer) -> Int

    let path: String
    let policy: ServerConfiguration.FsyncPolicy
    private let writer: Writer
    private let descriptor: Int32
    private let lock = NSLock()
    private var size: off_t
    private var dirty = false
    private var timer: DispatchSourceTimer?
    private var failure: String?
    private var failures = 0
    /// Bytes dropped from the end of the file when it was opened (a partial last line).
    let repairedBytes: Int

    /// Opens (creating) the log, truncating a partial last line.
    init(
        path: String, policy: ServerConfiguration.FsyncPolicy,
        batchInterval: Duration = .milliseconds(200), write: Writer? = nil
    ) throws {
        self.path = path
        self.policy = policy
        writer = write ?? systemWrite
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        descriptor = fd
        let (keep, total) = try Self.completeLength(path)
        if keep < total {
            guard ftruncate(fd, keep) == 0 else {
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
            fsync(fd)
        }
        repairedBytes = Int(total - keep)
        size = keep
        if policy == .batch {
            let timer = DispatchSource.makeTimerSource(
                queue: DispatchQueue(label: "masir.decision-log.fsync"))
            let interval = batchInterval.components
            let nanoseconds =
                Int(interval.seconds) * 1_000_000_000 + Int(interval.attoseconds / 1_000_000_000)
            timer.schedule(
                deadline: .now() + .nanoseconds(nanoseconds),
                repeating: .nanoseconds(max(1_000_000, nanoseconds)))
            timer.setEventHandler { [weak self] in self?.sync(onlyIfDirty: true) }
            timer.resume()
            self.timer = timer
        }
    }

    deinit {
        timer?.cancel()
        fsync(descriptor)
        close(descriptor)
    }

    /// The length of the file's complete lines, and the file's length.
    static func completeLength(_ path: String) throws -> (off_t, off_t) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        let total = lseek(fd, 0, SEEK_END)
        guard total > 0 else { return (0, max(0, total)) }
        // Read backwards in chunks to the last newline.
        var end = total
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while end > 0 {
            let start = max(0, end - off_t(buffer.count))
            let count = Int(end - start)
            let read = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, start) }
            guard read == count else { throw POSIXError(.EIO) }
            if let index = buffer[0..<count].lastIndex(of: UInt8(ascii: "\n")) {
                return (start + off_t(index) + 1, total)
            }
            end = start
        }
        return (0, total)
    }

    /// Appends `record` as one line. Throws when the write fails (the file is left as it was).
    func append(_ record: Record) throws {
        try append(line: Data(Self.line(record).utf8))
    }

    /// The record as one line of JSON with sorted keys, and the newline. Strings escape line
    /// separators too (`.lines`), so that the record is one line for every reader of the log.
    static func line(_ record: Record) -> String {
        var out = JSONWriter(escapes: .lines)
        out.object {
            $0.key("at"); $0.string(record.at)
            $0.key("caseDigest"); $0.string(record.caseDigest)
            if let caseId = record.caseId { $0.key("caseId"); $0.string(caseId) }
            $0.key("id"); $0.string(record.id)
            $0.key("loggedAt"); $0.string(record.loggedAt)
            $0.key("priority"); $0.string(record.priority)
            $0.key("referrals")
            $0.array(record.referrals) { w, referral in
                w.object {
                    $0.key("agency"); $0.string(referral.agency)
                    $0.key("role"); $0.string(referral.role)
                }
            }
            $0.key("rulebook"); $0.string(record.rulebook)
            $0.key("rulebookDigest"); $0.string(record.rulebookDigest)
        }
        out.bytes.append(UInt8(ascii: "\n"))
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// Why the last write failed, and how many have failed since the start; `problem` is nil
    /// once a write succeeds again.
    var health: (problem: String?, failures: Int) { lock.withLock { (failure, failures) } }

    /// Appends bytes that end with a newline (one line or several), in one `write(2)`: all of
    /// them or, when it fails, none.
    func append(line: Data) throws {
        lock.lock()
        defer { lock.unlock() }
        let written = line.withUnsafeBytes { writer(descriptor, $0) }
        if written != line.count {
            let code = errno
            // Undo a short write so the file still ends with a whole line.
            if written > 0 { _ = ftruncate(descriptor, size) }
            let number = written < 0 ? code : EIO
            let error = POSIXError(POSIXErrorCode(rawValue: number) ?? .EIO)
            failure = String(cString: strerror(number))
            failures += 1
            throw error
        }
        failure = nil
        size += off_t(written)
        switch policy {
        case .always: fsync(descriptor)
        case .batch: dirty = true
        case .never: break
        }
    }

    /// Flushes to the disk (all policies), e.g. on shutdown.
    func sync(onlyIfDirty: Bool = false) {
        lock.lock()
        let needed = dirty || !onlyIfDirty
        dirty = false
        lock.unlock()
        if needed { fsync(descriptor) }
    }
}
