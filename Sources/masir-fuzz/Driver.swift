import Foundation
import MasirFuzz

#if MASIR_FUZZING
// Built by scripts/fuzz.sh with `-sanitize=fuzzer,address`: libFuzzer runs the target that
// MASIR_FUZZ_TARGET names, and turns a broken invariant into a crash so it keeps the input.

@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzer(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

let fuzzed: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["MASIR_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        fatalError("set MASIR_FUZZ_TARGET to one of: \(names)")
    }
    return target
}()

@_cdecl("masir_fuzz_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    _ = fuzzed
    var count = argc
    var arguments = argv
    return runFuzzer(&count, &arguments) { data, size in
        let bytes = UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size)
        if let broken = fuzzed.run(bytes) { fatalError(broken) }
        return 0
    }
}
#else
/// `masir-fuzz TARGET PATH…`: runs files (or every file of folders) through a fuzz target
/// without the fuzzer, to reproduce a crash or replay a corpus. Exits 1 if an invariant breaks.
@main struct Replay {
    static func main() throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
            let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")
            FileHandle.standardError.write(Data("usage: masir-fuzz \(names) PATH…\n".utf8))
            exit(2)
        }
        var runs = 0
        var broken = 0
        for path in arguments.dropFirst() {
            for file in FuzzCorpus.files(path) {
                runs += 1
                if let message = target.run(try Data(contentsOf: URL(fileURLWithPath: file))) {
                    broken += 1
                    print("\(file): \(message)")
                }
            }
        }
        print("\(runs) inputs, \(broken) broken")
        exit(broken == 0 ? 0 : 1)
    }
}
#endif
