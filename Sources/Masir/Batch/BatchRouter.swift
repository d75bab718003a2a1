import Foundation
import Synchronization

/// Decides batches of cases on several threads, writing one output record per case in input
/// order: what `masir route` does with case files and JSON Lines streams, and what a service
/// does with a batch. Every case goes through the engine's choice of rulebook and its compiled
/// plans; the output is byte-identical for any number of jobs and any block size.
///
/// JSON Lines are read in blocks of whole lines (`JSONLines.BlockReader`); each block is cut
/// into slices, a few per thread so a slow core evens out, and each slice writes into its own
/// buffer, which are written in order while the next block is decided. Summaries of flat records from a one-rulebook engine
/// skip the general decoder (`LineDecoder`); a line it declines takes the general path.
public struct BatchRouter: Sendable {
    /// What is written for each case.
    public enum Format: Sendable {
        /// The decision as text, for people.
        case text
        /// The decision as one line of JSON.
        case jsonLines
        /// One short JSON line: case, rule, agency, copies, priority, SLA due, levels escalated.
        case summary
    }

    public let engine: Engine
    public var format: Format
    /// Include each decision's trace (not for summaries).
    public var explain: Bool
    /// Unknown fields are errors rather than warnings.
    public var strict: Bool
    /// Threads deciding a block; output does not depend on it.
    public var jobs: Int
    /// Bytes of JSON Lines read at a time; the longest line must fit.
    public var blockSize: Int
    /// The top-level key from which a case's own evaluation instant is read.
    public let atField: String
    /// Whether the instant given to each call was fixed by the caller (`--at`, `?at=`), so that
    /// it applies to every case; otherwise a case that carries its own instant is decided at it
    /// and the given instant (now, normally) applies only to cases that carry none.
    public var instantIsFixed: Bool
    let summaryWriters: [String: SummaryWriter]
    /// The fast path: flat records read straight into the one rulebook's plan, and its writer.
    let lineDecoder: (decoder: LineDecoder, writer: SummaryWriter)?
    /// Fast paths of their own for the threads at work beside the first: every retain of an
    /// object two threads share bounces its cache line between the cores, which cost a tenth of
    /// the deciding time at two jobs.
    let spareFastPaths = FastPathPool()

    /// A router over `engine`. With `format == .summary` the rulebooks' summary writers are made
    /// here, once.
    public init(
        engine: Engine, format: Format, explain: Bool = false, strict: Bool = false, jobs: Int = 1,
        blockSize: Int = JSONLines.blockSize, atField: String = CaseDecoder.defaultAtField,
        instantIsFixed: Bool = false
    ) {
        self.engine = engine
        self.atField = atField
        self.instantIsFixed = instantIsFixed
        self.format = format
        self.explain = explain && format != .summary
        self.strict = strict
        self.jobs = max(1, jobs)
        self.blockSize = blockSize
        var writers: [String: SummaryWriter] = [:]
        if format == .summary {
            for book in engine.rulebooks {
                writers[book.id] = SummaryWriter(plan: engine.plans[book.id] ?? Plan(book))
            }
        }
        summaryWriters = writers
        let single = engine.isDispatching ? nil : engine.rulebooks.first
        lineDecoder = single.flatMap { book in
            writers[book.id].map { (LineDecoder(plan: $0.plan, atField: atField), $0) }
        }
        if let lineDecoder { spareFastPaths.free.withLock { $0.append(lineDecoder) } }
    }

    /// What stopped one case (or the rest of a text), naming its file and line.
    public typealias Problem = CaseErrors

    /// Decides every case of a YAML or JSON text (one case, `---` documents, or a list), appending
    /// each record to `output`; returns the problems, in input order. Unknown fields are reported
    /// as warnings through `warn`.
    public func route(
        text: String, file: String, at instant: Instant, to output: inout [UInt8],
        warn: (String) -> Void = { _ in }
    ) -> [Problem] {
        var problems: [Problem] = []
        var scratch = Plan.Scratch()
        let read = CaseReader.read(text, as: .yaml, file: file)
        for document in read.documents {
            switch decode(document, file: file) {
            case .failure(let errors): problems.append(errors)
            case .success(let (book, subject)):
                for path in subject.unknownFields {
                    warn("\(file): \(path): unknown field (ignored)")
                }
                append(subject, book, at: instant, scratch: &scratch, to: &output)
            }
        }
        if let failure = read.failure { problems.append(CaseErrors(errors: [failure])) }
        return problems
    }

    /// Decides each case of `documents` (read by `CaseReader`), for callers that render the
    /// decisions themselves (a JSON array, an HTTP answer).
    public func decisions(
        text: String, file: String, at instant: Instant, warn: (String) -> Void = { _ in }
    ) -> [Result<Decision, CaseErrors>] {
        let read = CaseReader.read(text, as: .yaml, file: file)
        var results: [Result<Decision, CaseErrors>] = read.documents.map { document in
            decode(document, file: file).map { book, subject in
                for path in subject.unknownFields {
                    warn("\(file): \(path): unknown field (ignored)")
                }
                return engine.decide(
                    subject, by: book, at: self.instant(for: subject, given: instant),
                    explain: explain)
            }
        }
        if let failure = read.failure { results.append(.failure(CaseErrors(errors: [failure]))) }
        return results
    }

    /// Decides the cases of `documents` in order, each against the rulebook chosen for it (or the
    /// one named `rulebook`), checking `stop` before each case: a request that is abandoned stops
    /// at its next case, and nil comes back. Each element is a decision or what stopped the case.
    public func decide(
        _ documents: CaseDocuments, rulebook: String? = nil, at instant: Instant,
        stop: () -> Bool = { false }
    )
        -> [Result<Decision, MasirError>]?
    {
        let options = EvaluationOptions(
            strict: strict, rulebook: rulebook, maximumBatch: .max, atField: atField)
        var results: [Result<Decision, MasirError>] = []
        results.reserveCapacity(documents.count)
        for index in 0..<documents.count {
            if stop() { return nil }
            results.append(
                engine.decode(documents, at: index, options: options).map {
                    engine.decide(
                        $0.subject, by: $0.rulebook,
                        at: self.instant(for: $0.subject, given: instant),
                        explain: explain)
                })
        }
        return results
    }

    /// Decides a JSON Lines stream in constant memory, calling `write` with each block's output
    /// (in input order) and `report` with each line's problems. Returns how many lines failed; a
    /// line longer than the limit fails as `input.too-large`, and the stream goes on after it.
    ///
    /// With `descriptor`, the output goes to that file descriptor instead of `write`: when it is
    /// a regular file (not opened for appending) each thread writes its own records at their
    /// offsets, so writing is not a serial stage; otherwise the records are written in order.
    public func routeLines(
        from file: UnsafeMutablePointer<FILE>, name: String, at instant: Instant,
        statistics: UnsafeMutablePointer<Statistics>? = nil, writingTo descriptor: Int32? = nil,
        write: ([UInt8]) -> Void, report: (Problem) -> Void
    ) throws -> Int {
        var failures = 0
        let positional = descriptor.flatMap {
            PositionalOutput<([UInt8], [Problem])>(descriptor: $0, bytes: \.0)
        }
        let stats = try LinePipeline.run(
            file, blockSize: blockSize, jobs: jobs, output: positional
        ) { block, lines in
            routeSlice(block, lines, name: name, at: instant)
        } consume: { results, tooLong, limit in
            for (output, problems) in results {
                if positional == nil {
                    if let descriptor {
                        Self.writeAll(output, to: descriptor)
                    } else {
                        write(output)
                    }
                }
                for problem in problems {
                    failures += 1
                    report(problem)
                }
            }
            for number in tooLong {
                failures += 1
                report(
                    CaseErrors(errors: [
                        CaseError(
                            file: name, line: number, path: "",
                            message: "a line longer than \(limit) bytes", kind: .tooLarge)
                    ]))
            }
        }
        statistics?.pointee = stats
        return failures
    }

    /// Writes all of `bytes`, going on after interruptions; stops quietly when the reader has
    /// gone (a closed pipe), as a command's output does.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(
                    descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }

    func routeSlice(
        _ block: JSONLines.Block, _ lines: Range<Int>, name: String, at instant: Instant
    ) -> ([UInt8], [Problem]) {
        var output: [UInt8] = []
        var problems: [Problem] = []
        var scratch = Plan.Scratch()
        var lineScratch = LineDecoder.Scratch()
        let day = Int64(instant.civilDate().dayNumber)
        output.reserveCapacity(lines.count * (format == .summary ? 200 : 1_200))
        // Unwrapped once, not per line: copying the decoder and writer out of `self` retains
        // every table they hold, and two threads retaining the same objects slow each other.
        let fastPath = borrowFastPath()
        defer {
            if jobs > 1, let fastPath { spareFastPaths.free.withLock { $0.append(fastPath) } }
        }
        let fastDecoder = fastPath?.decoder, fastWriter = fastPath?.writer
        for (number, range) in block.lines[lines] {
            if let fastDecoder, let fastWriter,
                let compiled = block.bytes.withUnsafeBufferPointer({
                    fastDecoder.decode(
                        UnsafeBufferPointer(rebasing: $0[range]), scratch: &lineScratch)
                })
            {
                // A record's own instant costs a civil day per record; records without one share the batch's.
                if !instantIsFixed, let own = compiled.evaluatedAt {
                    fastWriter.append(
                        decisionOf: compiled, at: own, day: Int64(own.civilDate().dayNumber),
                        scratch: &scratch, to: &output)
                } else {
                    fastWriter.append(
                        decisionOf: compiled, at: instant, day: day, scratch: &scratch, to: &output)
                }
                output.append(0x0A)
                continue
            }
            let read = CaseReader.read(
                bytes: block.bytes[range], as: .json, file: name, firstLine: number)
            if let failure = read.failure {
                problems.append(CaseErrors(errors: [failure]))
                continue
            }
            for document in read.documents {
                switch decode(document, file: name) {
                case .failure(let errors): problems.append(errors)
                case .success(let (book, subject)):
                    append(subject, book, at: instant, scratch: &scratch, to: &output)
                }
            }
        }
        return (output, problems)
    }

    /// A fast path no other thread is using, made from a plan of its own when every one made so
    /// far is in use; given back when the slice is done.
    func borrowFastPath() -> (decoder: LineDecoder, writer: SummaryWriter)? {
        guard let shared = lineDecoder else { return nil }
        if jobs <= 1 { return shared }
        if let spare = spareFastPaths.free.withLock({ $0.popLast() }) { return spare }
        let plan = Plan(shared.decoder.plan.rulebook)
        return (LineDecoder(plan: plan, atField: atField), SummaryWriter(plan: plan))
    }

    /// The rulebook chosen for a document, and the case decoded against it.
    func decode(_ document: InputValue, file: String) -> Result<(Rulebook, Case), CaseErrors> {
        switch engine.decode(
            document: document,
            options: EvaluationOptions(strict: strict, source: file, atField: atField))
        {
        case .success(let decoded): return .success((decoded.rulebook, decoded.subject))
        case .failure(.case(let errors)): return .failure(errors)
        case .failure(let error):
            return .failure(
                CaseErrors(errors: [
                    CaseError(
                        file: file, line: document.line, path: "", message: error.description,
                        kind: .noRulebook)
                ]))
        }
    }

    /// The instant to decide `subject` at, when the call was given `instant`.
    func instant(for subject: Case, given instant: Instant) -> Instant {
        subject.instant(fixed: instantIsFixed ? instant : nil, fallback: instant)
    }

    /// Appends a decided case's record and its line end.
    func append(
        _ subject: Case, _ book: Rulebook, at instant: Instant, scratch: inout Plan.Scratch,
        to output: inout [UInt8]
    ) {
        let instant = self.instant(for: subject, given: instant)
        switch format {
        case .summary:
            let writer =
                summaryWriters[book.id] ?? SummaryWriter(plan: engine.plans[book.id] ?? Plan(book))
            writer.append(summaryOf: subject, at: instant, scratch: &scratch, to: &output)
        case .text:
            output.append(
                contentsOf: DecisionRenderer.text(
                    engine.decide(subject, by: book, at: instant, explain: explain)
                ).utf8)
        case .jsonLines:
            engine.decide(subject, by: book, at: instant, explain: explain).appendJSON(to: &output)
        }
        output.append(0x0A)
    }
}

/// The fast paths not in use by a thread right now.
final class FastPathPool: Sendable {
    let free = Mutex<[(decoder: LineDecoder, writer: SummaryWriter)]>([])
}
