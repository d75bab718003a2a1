import Foundation

/// Opening and reading case files, for every path that reads cases from the file system or
/// standard input (`masir route`, `masir diff`, rulebook tests, the REPL): only regular files
/// are opened (a FIFO would block and a device may never end), and what is read whole stops at
/// `InputLimits.maximumDocumentBytes`.
package enum CaseFile {
    /// Why a file gave no text.
    package enum Failure: Error, CustomStringConvertible {
        /// It could not be opened or read (absent, not permitted): an I/O error, not bad input.
        case unreadable(String)
        /// It was refused as case input (not a regular file, too large, not UTF-8).
        case refused(CaseError)

        package var description: String {
            switch self {
            case .unreadable(let message): message
            case .refused(let error): error.coded
            }
        }
    }

    /// The file at `path` (`-` is standard input) opened for reading, once it is known to be a
    /// regular file; standard input may be a pipe.
    package static func open(_ path: String) -> Result<UnsafeMutablePointer<FILE>, Failure> {
        let descriptor: Int32
        if path == "-" {
            descriptor = dup(0)
        } else {
            // Non-blocking, so opening a FIFO with no writer returns instead of waiting.
            descriptor = Foundation.open(path, O_RDONLY | O_NONBLOCK)
            if descriptor < 0 {
                return .failure(
                    .unreadable("cannot read `\(path)`: \(String(cString: strerror(errno)))"))
            }
            var status = stat()
            guard fstat(descriptor, &status) == 0 else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                return .failure(.unreadable("cannot read `\(path)`: \(reason)"))
            }
            if status.st_mode & S_IFMT != S_IFREG {
                close(descriptor)
                return .failure(
                    .refused(
                        CaseError(
                            file: path, line: nil, path: "",
                            message: "\(kind(of: status.st_mode)), not a regular file",
                            kind: .notAFile)))
            }
            // Reads block again, as for any regular file.
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        }
        guard descriptor >= 0, let file = fdopen(descriptor, "r") else {
            if descriptor >= 0 { close(descriptor) }
            return .failure(.unreadable("cannot read `\(path)`"))
        }
        return .success(file)
    }

    /// The whole text of the file at `path` (`-` is standard input), checked to be UTF-8 and at
    /// most `maximumBytes` long; `name` is what errors call it.
    package static func read(
        _ path: String, name: String? = nil,
        maximumBytes: Int = InputLimits.maximumDocumentBytes
    ) -> Result<String, Failure> {
        let name = name ?? (path == "-" ? "<stdin>" : path)
        let file: UnsafeMutablePointer<FILE>
        switch open(path) {
        case .success(let opened): file = opened
        case .failure(let failure): return .failure(failure)
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count <= maximumBytes {
            let count = chunk.withUnsafeMutableBytes {
                fread($0.baseAddress, 1, min($0.count, maximumBytes + 1 - bytes.count), file)
            }
            if count == 0 {
                if ferror(file) != 0 { return .failure(.unreadable("cannot read `\(name)`")) }
                break
            }
            bytes += chunk[0..<count]
        }
        if bytes.count > maximumBytes {
            return .failure(
                .refused(
                    CaseError(
                        file: name, line: nil, path: "",
                        message: "longer than \(maximumBytes) bytes", kind: .tooLarge)))
        }
        return CaseReader.text(of: bytes, file: name).mapError { .refused($0) }
    }

    static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "a folder"
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        default: "not a file"
        }
    }
}
