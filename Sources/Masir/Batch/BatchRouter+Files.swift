import Foundation

extension BatchRouter {
    /// What routing a list of case files came to.
    package struct FileRun {
        /// Cases (or files) that could not be decided; each was reported.
        package var failures = 0
        /// The decisions, in input order, when they were collected rather than written.
        package var decisions: [Decision] = []
    }

    /// Routes case files in order, `-` being standard input: JSON Lines are streamed in constant
    /// memory, other files (YAML or JSON: one case, `---` documents, or a list) decided whole.
    /// Records go to `write`; with `collecting`, the decisions of YAML and JSON files are returned
    /// instead (for a JSON array, which needs them all). Problems go to `report` with their codes.
    /// A file refused as input counts as one failure; one that cannot be read at all stops the
    /// run with `CaseFile.Failure.unreadable`. `statistics` receives each stream's stages.
    /// JSON Lines output goes to `descriptor` when one is given (see `routeLines`).
    package func route(
        files: [String], at instant: Instant, collecting: Bool = false,
        writingTo descriptor: Int32? = nil, write: ([UInt8]) -> Void, report: (String) -> Void,
        statistics: ((Statistics, Duration) -> Void)? = nil
    ) throws -> FileRun {
        var run = FileRun()
        func refuse(_ failure: CaseFile.Failure) throws {
            guard case .refused(let error) = failure else { throw failure }
            run.failures += 1
            report(error.coded)
        }
        for path in files {
            let name = path == "-" ? "<stdin>" : path
            if JSONLines.isJSONLines(path) {
                let file: UnsafeMutablePointer<FILE>
                switch CaseFile.open(path) {
                case .success(let opened): file = opened
                case .failure(let failure):
                    try refuse(failure)
                    continue
                }
                defer { fclose(file) }
                var stages = Statistics()
                let started = ContinuousClock.now
                run.failures += try routeLines(
                    from: file, name: name, at: instant, statistics: &stages,
                    writingTo: descriptor, write: write
                ) { report($0.coded) }
                statistics?(stages, ContinuousClock.now - started)
                continue
            }
            let text: String
            switch CaseFile.read(path) {
            case .success(let read): text = read
            case .failure(let failure):
                try refuse(failure)
                continue
            }
            if collecting {
                for result in decisions(text: text, file: name, at: instant, warn: report) {
                    switch result {
                    case .success(let decision): run.decisions.append(decision)
                    case .failure(let errors):
                        run.failures += 1
                        report(errors.coded)
                    }
                }
                continue
            }
            var output: [UInt8] = []
            let problems = route(text: text, file: name, at: instant, to: &output, warn: report)
            write(output)
            run.failures += problems.count
            for problem in problems { report(problem.coded) }
        }
        return run
    }
}
