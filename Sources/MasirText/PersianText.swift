import Foundation

/// Canonical spelling of Persian text typed with mixed keyboards, so that look-alike spellings compare equal.
///
/// Implements the `core` rows of the domain pack's `persian-normalization.tsv`, in step order:
/// 1. NFKC of the whole text;
/// 2. Arabic yeh/kaf and heh/teh-marbuta forms to Persian letters, hamza on alef/waw folded,
///    Persian and Arabic-Indic digits to ASCII, Latin A–Z to lower case;
/// 3. harakat, superscript alef, tatweel and invisible format characters deleted;
/// 4. ZWNJ, ZWJ, ZWSP and the listed white space become a space;
/// 5. runs of spaces collapsed, ends trimmed.
///
/// Decisions on the `optional` rows:
/// - `ئ → ی` is not applied: the test pairs keep «مسئول», and folding it would merge
///   words operators keep apart; rulebooks list both spellings where it matters.
/// - `٪ → %`, `٫ → .`, `٬ → ,` are not applied: the test pairs keep «٪», and the number
///   separators are only safe inside numbers, which a per-scalar map cannot see.
/// - `¬ → ZWNJ` is not applied: old-keyboard input is rare, and `¬` is a real symbol elsewhere.
/// - Step 6, the space-free key, is provided as `compactKey(_:)` and used by `PhraseMatcher`.
///
/// Only A–Z are lower-cased (not full Unicode case folding), to stay byte-identical to the reference.
public enum PersianText {
    /// The canonical form of `text` (steps 1–5).
    public static func normalize(_ text: String) -> String {
        fold(text, keepSpaces: true)
    }

    /// The canonical form with every space removed (step 6), so «می‌شود», «می شود» and «میشود» are equal.
    public static func compactKey(_ text: String) -> String {
        fold(text, keepSpaces: false)
    }

    /// Steps 1–5 (or 1–6 without spaces); `forceCompatibility` lets tests compare the fast path with full NFKC.
    static func fold(_ text: String, keepSpaces: Bool, forceCompatibility: Bool = false) -> String {
        guard !text.isEmpty else { return "" }
        if !forceCompatibility, let out = foldScalars(text, keepSpaces: keepSpaces, bailOut: true) {
            return out.text
        }
        guard var (out, deleted) = foldScalars(nfkc(text), keepSpaces: keepSpaces, bailOut: false)
        else { return "" }
        // A deleted scalar can leave a starter next to a combining mark it blocked before
        // (e.g. "A", U+0657, U+030A), which a second NFKC would compose; iterate so that
        // normalize stays idempotent. Never happens for Arabic letters, whose composing
        // marks are all deleted, so the loop only runs on exotic input.
        var rounds = 0
        while deleted, rounds < 4, needsCompatibility(out) {
            guard let next = foldScalars(nfkc(out), keepSpaces: keepSpaces, bailOut: false),
                next.text != out
            else { break }
            (out, deleted) = next
            rounds += 1
        }
        return out
    }

    static func nfkc(_ text: String) -> String {
        text.precomposedStringWithCompatibilityMapping
    }

    /// Whether NFKC could change the result: false when every scalar is one NFKC leaves alone
    /// or one whose NFKC image folds the same, and none composes with a neighbour.
    static func needsCompatibility(_ text: String) -> Bool {
        for s in text.unicodeScalars where needsCompatibility(s.value) {
            return true
        }
        return false
    }

    // The exceptions were found by checking every scalar in these ranges against Foundation's
    // NFKC and canonical decompositions; PersianTextTests re-checks all pairs of them.
    @inline(__always)
    static func needsCompatibility(_ v: UInt32) -> Bool {
        switch v {
        case 0..<0x80:
            return false
        // Arabic: marks that compose with letters (آ أ ؤ إ ئ ۀ), letters with compatibility
        // decompositions, and kept combining marks that NFKC would reorder.
        case 0x0610...0x061A, 0x0653...0x0655, 0x0675...0x0678,
            0x06D6...0x06DC, 0x06DF...0x06E4, 0x06E7, 0x06E8, 0x06EA...0x06ED:
            return true
        case 0x0600...0x06FF:
            return false
        // Latin-1 with compatibility decompositions (ª ² ½ …); U+00A0 folds to a space either way.
        case 0x00A8, 0x00AA, 0x00AF, 0x00B2...0x00B5, 0x00B8...0x00BA, 0x00BC...0x00BE:
            return true
        case 0x0080...0x00FF:
            return false
        // General punctuation with compatibility decompositions (‥ … ″ ‼ …).
        case 0x2011, 0x2017, 0x2024...0x2026, 0x2033, 0x2034, 0x2036, 0x2037,
            0x203C, 0x203E, 0x2047...0x2049, 0x2057:
            return true
        case 0x2000...0x2069, 0x1680, 0x3000, 0xFEFF:
            return false
        default:
            return true
        }
    }

    /// Marker results of `map(_:)`.
    static var space: UInt32 { 0x20 }
    static var drop: UInt32 { 0xFFFF_FFFF }
    /// The `lowTable` entry of a scalar that needs NFKC; distinct from every scalar and from `drop`.
    static var needsNFKC: UInt32 { 0x4000_0000 }

    /// `map(_:)` for U+0000..U+07FF, where nearly all Persian text lies, or `needsNFKC`;
    /// one load is cheaper than the two switches.
    static let lowTable: [UInt32] = (0..<UInt32(0x800)).map { v in
        needsCompatibility(v) ? needsNFKC : map(v)
    }

    /// Steps 2–4 for one scalar: its replacement, `space`, or `drop`.
    @inline(__always)
    static func map(_ v: UInt32) -> UInt32 {
        switch v {
        case 0x41...0x5A: return v + 0x20
        case 0x09...0x0D, 0x20: return space
        case 0..<0x80: return v
        // yeh: Arabic yeh, alef maksura, yeh barree, yeh with tail
        case 0x064A, 0x0649, 0x06D2, 0x06CD: return 0x06CC
        // kaf: Arabic kaf, swash kaf
        case 0x0643, 0x06AA: return 0x06A9
        // heh: teh marbuta (+ goal), heh with yeh above, heh goal (+ hamza), doachashmee, ae
        case 0x0629, 0x06C3, 0x06C0, 0x06C2, 0x06C1, 0x06BE, 0x06D5: return 0x0647
        // hamza on alef (above, below, wasla) and on waw; آ, ئ and ء are kept
        case 0x0623, 0x0625, 0x0671: return 0x0627
        case 0x0624: return 0x0648
        case 0x06F0...0x06F9: return v - 0x06F0 + 0x30
        case 0x0660...0x0669: return v - 0x0660 + 0x30
        // harakat, superscript alef, tatweel, Arabic letter mark
        case 0x064B...0x065F, 0x0670, 0x0640, 0x061C: return drop
        case 0x0600...0x07FF: return v
        // invisible: LRM, RLM, bidi embeddings/overrides/isolates, word joiner, soft hyphen, BOM
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x2060, 0x00AD, 0xFEFF: return drop
        // separators: ZWSP, ZWNJ, ZWJ, and white space
        case 0x200B...0x200D, 0x0085, 0x00A0, 0x1680, 0x2000...0x200A,
            0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return space
        default: return v
        }
    }

    /// Maps, deletes, collapses and trims in one pass, writing UTF-8 directly into the result.
    /// Every mapping is no longer in UTF-8 than its source, so the input's length bounds the output.
    /// With `bailOut`, returns nil as soon as a scalar needs NFKC first.
    static func foldScalars(
        _ text: String, keepSpaces: Bool, bailOut: Bool
    ) -> (text: String, deleted: Bool)? {
        var deleted = false
        var bailed = false
        let folded: String? = withUTF8(text) { source in
            lowTable.withUnsafeBufferPointer { table in
                String(unsafeUninitializedCapacity: source.count) { buffer in
                    var n = 0
                    var i = 0
                    var pendingSpace = false
                    while i < source.count {
                        let v = decode(source, &i)
                        var m: UInt32
                        if v < 0x800 {
                            m = table[Int(v)]
                            if m == needsNFKC {
                                if bailOut {
                                    bailed = true
                                    return 0
                                }
                                m = map(v)
                            }
                        } else {
                            if bailOut, needsCompatibility(v) {
                                bailed = true
                                return 0
                            }
                            m = map(v)
                        }
                        if m == space {
                            pendingSpace = n > 0
                            continue
                        }
                        if m == drop {
                            deleted = true
                            continue
                        }
                        if pendingSpace {
                            if keepSpaces {
                                buffer[n] = 0x20
                                n += 1
                            }
                            pendingSpace = false
                        }
                        n = write(m, to: buffer, at: n)
                    }
                    return n
                }
            }
        }
        guard let folded, !bailed else { return nil }
        return (folded, deleted)
    }

    /// Runs `body` on the UTF-8 bytes of `text`, copying only if the string is not stored contiguously.
    @inline(__always)
    static func withUTF8<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let r = text.utf8.withContiguousStorageIfAvailable(body) { return r }
        var copy = text
        copy.makeContiguousUTF8()
        return copy.utf8.withContiguousStorageIfAvailable(body)!
    }

    /// Decodes the scalar at `i` of valid UTF-8 (a Swift string's storage) and advances `i` past it.
    @inline(__always)
    static func decode(_ p: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> UInt32 {
        let b0 = UInt32(p[i])
        if b0 < 0x80 {
            i &+= 1
            return b0
        }
        if b0 < 0xE0 {
            defer { i &+= 2 }
            return (b0 & 0x1F) << 6 | UInt32(p[i &+ 1] & 0x3F)
        }
        if b0 < 0xF0 {
            defer { i &+= 3 }
            return (b0 & 0x0F) << 12 | UInt32(p[i &+ 1] & 0x3F) << 6 | UInt32(p[i &+ 2] & 0x3F)
        }
        defer { i &+= 4 }
        return (b0 & 0x07) << 18 | UInt32(p[i &+ 1] & 0x3F) << 12 | UInt32(p[i &+ 2] & 0x3F) << 6
            | UInt32(p[i &+ 3] & 0x3F)
    }

    @inline(__always)
    private static func write(
        _ v: UInt32, to buffer: UnsafeMutableBufferPointer<UInt8>, at i: Int
    ) -> Int {
        switch v {
        case 0..<0x80:
            buffer[i] = UInt8(truncatingIfNeeded: v)
            return i &+ 1
        case 0x80..<0x800:
            buffer[i] = UInt8(truncatingIfNeeded: 0xC0 | v >> 6)
            buffer[i &+ 1] = UInt8(truncatingIfNeeded: 0x80 | v & 0x3F)
            return i &+ 2
        case 0x800..<0x10000:
            buffer[i] = UInt8(truncatingIfNeeded: 0xE0 | v >> 12)
            buffer[i &+ 1] = UInt8(truncatingIfNeeded: 0x80 | v >> 6 & 0x3F)
            buffer[i &+ 2] = UInt8(truncatingIfNeeded: 0x80 | v & 0x3F)
            return i &+ 3
        default:
            buffer[i] = UInt8(truncatingIfNeeded: 0xF0 | v >> 18)
            buffer[i &+ 1] = UInt8(truncatingIfNeeded: 0x80 | v >> 12 & 0x3F)
            buffer[i &+ 2] = UInt8(truncatingIfNeeded: 0x80 | v >> 6 & 0x3F)
            buffer[i &+ 3] = UInt8(truncatingIfNeeded: 0x80 | v & 0x3F)
            return i &+ 4
        }
    }
}
