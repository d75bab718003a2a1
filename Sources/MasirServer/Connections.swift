import Foundation
import Logging
import NIOCore
import NIOHTTPTypes

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The open connections, so that a crowd of slow or idle ones cannot keep a new one out.
///
/// Hummingbird closes a connection that sends no request head within the idle timeout, but until
/// then each one holds a descriptor. At `limit` open connections, a new one closes the oldest
/// connection that is not being answered (still sending its head, or idle between requests), so a
/// health check or a routing client always gets in; when every connection is being answered, the
/// new one is closed instead. Connections are counted from the moment they are set up.
final class ConnectionTable: @unchecked Sendable {
    private struct Entry {
        var channel: any Channel
        var serial: Int
        var answering: Bool
    }

    let limit: Int
    private let lock = NSLock()
    private var entries: [ObjectIdentifier: Entry] = [:]
    private var serial = 0
    private var evictedCount = 0
    private var refusedCount = 0

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Open connections, and how many were closed to make room or refused since the start.
    var counts: (open: Int, evicted: Int, refused: Int) {
        lock.withLock { (entries.count, evictedCount, refusedCount) }
    }

    /// Registers a new connection; false when it must be closed because every open connection
    /// is being answered.
    func opened(_ channel: any Channel) -> Bool {
        let victim: (any Channel)? = lock.withLock {
            var victim: (any Channel)?
            if entries.count >= limit {
                let idle = entries.filter { !$0.value.answering }.min {
                    $0.value.serial < $1.value.serial
                }
                guard let idle else {
                    refusedCount += 1
                    return channel
                }
                entries[idle.key] = nil
                evictedCount += 1
                victim = idle.value.channel
            }
            serial += 1
            entries[ObjectIdentifier(channel)] = Entry(
                channel: channel, serial: serial, answering: false)
            return victim
        }
        guard let victim else { return true }
        victim.close(promise: nil)
        return victim !== channel
    }

    /// Marks a connection as being answered (from its request head to its response's end), or not.
    func answering(_ channel: any Channel, _ answering: Bool) {
        lock.withLock {
            let id = ObjectIdentifier(channel)
            guard entries[id] != nil else { return }
            entries[id]?.answering = answering
            // An idle connection goes to the back of the queue for eviction when it is used.
            if !answering {
                serial += 1
                entries[id]?.serial = serial
            }
        }
    }

    func closed(_ channel: any Channel) {
        _ = lock.withLock { entries.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// `requested`, lowered so that the connections and the server's own files fit under the
    /// process's limit on open descriptors (raising the soft limit to the hard one first).
    static func fitting(_ requested: Int, reserve: Int = 64) -> Int {
        var limits = rlimit()
        #if canImport(Glibc)
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
        let resource = RLIMIT_NOFILE
        #endif
        guard getrlimit(resource, &limits) == 0 else { return requested }
        if limits.rlim_cur < limits.rlim_max {
            var raised = limits
            raised.rlim_cur = limits.rlim_max
            if setrlimit(resource, &raised) == 0 { limits = raised }
        }
        let available = limits.rlim_cur > rlim_t(Int.max) ? Int.max : Int(limits.rlim_cur)
        return max(1, min(requested, available - reserve))
    }
}

/// One connection's part in the `ConnectionTable`, and its end when a response is sent before
/// the request's body was read: the rest of the body is not waited for.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let table: ConnectionTable
    private var registered = false
    private var requestEnded = true

    init(table: ConnectionTable) {
        self.table = table
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { register(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        register(context)
        context.fireChannelActive()
    }

    private func register(_ context: ChannelHandlerContext) {
        guard !registered else { return }
        registered = true
        if !table.opened(context.channel) { context.close(promise: nil) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        table.closed(context.channel)
    }

    func channelInactive(context: ChannelHandlerContext) {
        table.closed(context.channel)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            requestEnded = false
            table.answering(context.channel, true)
        case .body: break
        case .end: requestEnded = true
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .end = unwrapOutboundIn(data) else {
            context.write(data, promise: promise)
            return
        }
        table.answering(context.channel, false)
        if requestEnded {
            context.write(data, promise: promise)
        } else {
            // Answered before its body arrived (too large, too slow): close rather than read on.
            context.writeAndFlush(data, promise: promise)
            context.close(promise: nil)
        }
    }
}

@available(*, unavailable)
extension ConnectionGuard: Sendable {}
