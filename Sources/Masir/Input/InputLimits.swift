/// The limits every reader of cases enforces, whichever way the cases arrive (a file, a JSON
/// Lines batch, standard input, the REPL, the embedding API or an HTTP body), so one input is
/// refused the same way everywhere. Each is far beyond any real case and small enough that
/// reading cannot exhaust a thread's stack or a batch's memory.
public enum InputLimits {
    /// How deeply a document may nest (brackets, or indentation for YAML's block nesting).
    public static let maximumNesting = 64
    /// The longest JSON Lines record, in bytes.
    public static let maximumLineBytes = 1 << 20
    /// The longest text value of a case, in characters.
    public static let maximumTextLength = 20_000
    /// The most elements of a set value.
    public static let maximumSetSize = 1_000
    /// The most YAML aliases (`*name`) in one input. Counted before the YAML parser runs: it
    /// compares mapping keys by their expanded value, so each alias can double its work.
    public static let maximumAliases = 16
    /// The most nodes that aliases may add to an input by standing for their anchored values
    /// (a few aliases of aliases otherwise expand to billions of nodes).
    public static let maximumAliasNodes = 10_000
    /// The most bytes read from a case file or standard input read whole (not JSON Lines,
    /// which are streamed): an endless file stops here instead of filling memory.
    public static let maximumDocumentBytes = 64 << 20
}
