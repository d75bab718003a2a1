/// A case description prepared once for phrase matching: its canonical form, the space-free
/// scalars the matcher scans, and where words start and end in them.
///
/// Words are the tokens of the canonical form: maximal runs of letters (with their marks),
/// maximal runs of digits, and each other non-space scalar (punctuation, symbols) on its own.
/// So «وام» is a word in «وام، اقساط», in «(وام)» and in «وام50».
public struct NormalizedText: Sendable {
    /// The canonical form (`PersianText.normalize`).
    public let canonical: String
    /// Scalar values of the canonical form without spaces, each with `wordStart` set when a
    /// word starts at it; the end of the text always ends a word.
    let units: [UInt32]

    /// Flag on a unit whose scalar starts a word; scalar values stay below it.
    static var wordStart: UInt32 { 0x8000_0000 }

    /// Normalises `raw` and indexes its words.
    public init(_ raw: String) {
        let canonical = PersianText.normalize(raw)
        self.canonical = canonical
        units = PersianText.withUTF8(canonical) { source in
            Kind.lowTable.withUnsafeBufferPointer { kinds in
                [UInt32](unsafeUninitializedCapacity: source.count) { buffer, count in
                    var n = 0
                    var i = 0
                    var previous = Kind.space
                    while i < source.count {
                        let v = PersianText.decode(source, &i)
                        let kind = v < 0x800 ? kinds[Int(v)] : Kind(v)
                        if kind == .space {
                            previous = .space
                            continue
                        }
                        buffer[n] = kind != previous || kind == .other ? v | Self.wordStart : v
                        n &+= 1
                        previous = kind
                    }
                    count = n
                }
            }
        }
    }

    /// The canonical form without spaces (`PersianText.compactKey`).
    public var compact: String {
        var s = String.UnicodeScalarView()
        for u in units {
            if let scalar = Unicode.Scalar(u & ~Self.wordStart) { s.append(scalar) }
        }
        return String(s)
    }

    /// Token classes; a change of class between neighbours is a word boundary.
    enum Kind: UInt8 {
        case space, letter, digit, other

        init(_ v: UInt32) {
            if v == 0x20 {
                self = .space
                return
            }
            switch Unicode.Scalar(v)?.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter,
                .otherLetter,
                .nonspacingMark, .spacingMark, .enclosingMark:
                self = .letter
            case .decimalNumber, .letterNumber, .otherNumber:
                self = .digit
            default:
                self = .other
            }
        }

        /// `Kind(_:)` for U+0000..U+07FF, which covers Persian text, to skip the property lookup.
        static let lowTable: [Kind] = (0..<UInt32(0x800)).map(Kind.init)
    }
}

/// Finds which of a fixed list of phrases occur in a text, in one pass whatever the number of phrases.
///
/// A phrase occurs in a text when its compact key (`PersianText.compactKey`) equals the
/// concatenation of a contiguous run of whole words of the text (see `NormalizedText`).
/// Equivalently: the key equals the text's space-free scalars on a span `[s, e)` where both
/// `s` and `e` are word boundaries. Separators inside the phrase and inside the text therefore
/// never matter («می‌شود» = «می شود» = «میشود»), but a phrase never matches part of a word
/// («وام» does not occur in «وامدار»). Phrases whose key is empty never occur.
///
/// Implementation: an Aho–Corasick automaton over the scalars of the keys, compiled to a dense
/// transition table over the scalar classes that occur in some key (every other scalar goes
/// back to the root); outputs are only looked at where a word ends.
public struct PhraseMatcher: Sendable {
    /// Number of phrases the matcher was built from; results index into that list.
    public let count: Int
    /// Number of scalar classes, i.e. the width of a row of `next`; class 0 is "in no phrase".
    private let width: Int
    /// Class of each scalar below `lowLimit`.
    private let lowClasses: [UInt16]
    /// Sorted scalars at or above `lowLimit` that occur in some key, and their classes.
    private let highScalars: [UInt32]
    private let highClasses: [UInt16]
    /// Transition table: `next[state * width + class]`.
    private let next: [Int32]
    /// Phrases ending at each state (own and via suffix links): `outPhrase[outStart[s]..<outStart[s + 1]]`.
    private let outStart: [Int32]
    private let outPhrase: [Int32]
    /// Key length in scalars of each entry of `outPhrase`, to find where the match starts.
    private let outLength: [Int32]

    private static let lowLimit = 0x800

    /// Compiles the matcher; each phrase is normalised, so any spelling of it can be given.
    public init(phrases: [String]) {
        count = phrases.count
        let keys = phrases.map { PersianText.compactKey($0).unicodeScalars.map(\.value) }

        var low = [UInt16](repeating: 0, count: Self.lowLimit)
        var high: [UInt32: UInt16] = [:]
        var width = 1
        func newClass() -> UInt16 {
            precondition(width < Int(UInt16.max), "too many distinct scalars in phrases")
            defer { width += 1 }
            return UInt16(width)
        }
        for key in keys {
            for v in key {
                if v < Self.lowLimit {
                    if low[Int(v)] == 0 { low[Int(v)] = newClass() }
                } else if high[v] == nil {
                    high[v] = newClass()
                }
            }
        }
        let sortedHigh = high.keys.sorted()
        lowClasses = low
        highScalars = sortedHigh
        highClasses = sortedHigh.map { high[$0]! }
        self.width = width

        // Trie, with -1 for a missing edge.
        var next = [Int32](repeating: -1, count: width)
        var own: [[Int32]] = [[]]
        for (index, key) in keys.enumerated() where !key.isEmpty {
            var state = 0
            for v in key {
                let c = Self.classOf(v, low: low, highScalars: sortedHigh, highClasses: highClasses)
                let slot = state * width + c
                if next[slot] < 0 {
                    next[slot] = Int32(own.count)
                    own.append([])
                    next.append(contentsOf: repeatElement(-1, count: width))
                }
                state = Int(next[slot])
            }
            own[state].append(Int32(index))
        }

        // Breadth-first: failure links, missing edges filled from the failure state, outputs merged.
        let states = own.count
        var fail = [Int32](repeating: 0, count: states)
        var order: [Int] = [0]
        order.reserveCapacity(states)
        var head = 0
        while head < order.count {
            let u = order[head]
            head += 1
            for c in 0..<width {
                let slot = u * width + c
                let v = next[slot]
                if v < 0 {
                    next[slot] = u == 0 ? 0 : next[Int(fail[u]) * width + c]
                } else {
                    fail[Int(v)] = u == 0 ? 0 : next[Int(fail[u]) * width + c]
                    order.append(Int(v))
                }
            }
        }
        var outputs = [[Int32]](repeating: [], count: states)
        for u in order {
            outputs[u] = own[u] + (u == 0 ? [] : outputs[Int(fail[u])])
        }
        var start: [Int32] = [0]
        var phrase: [Int32] = []
        var length: [Int32] = []
        start.reserveCapacity(states + 1)
        for u in 0..<states {
            for p in outputs[u] {
                phrase.append(p)
                length.append(Int32(keys[Int(p)].count))
            }
            start.append(Int32(phrase.count))
        }
        self.next = next
        outStart = start
        outPhrase = phrase
        outLength = length
    }

    /// Sorted, distinct indices of the phrases that occur in `text`.
    public func matches(in text: NormalizedText) -> [Int] {
        var found: [Int] = []
        scan(text) {
            found.append($0); return false
        }
        guard found.count > 1 else { return found }
        found.sort()
        var kept = 1
        for i in 1..<found.count where found[i] != found[kept - 1] {
            found[kept] = found[i]
            kept += 1
        }
        found.removeLast(found.count - kept)
        return found
    }

    /// The lowest index of a phrase that occurs in `text`, if any (the first of `matches(in:)`).
    public func firstMatch(in text: NormalizedText) -> Int? {
        var best: Int?
        scan(text) { p in
            best = min(p, best ?? p)
            return p == 0
        }
        return best
    }

    /// Whether any phrase occurs in `text`; stops at the first occurrence.
    public func containsAny(in text: NormalizedText) -> Bool {
        var hit = false
        scan(text) { _ in
            hit = true; return true
        }
        return hit
    }

    /// Whether the phrase at `index` occurs in `text`.
    public func contains(_ index: Int, in text: NormalizedText) -> Bool {
        var hit = false
        scan(text) { p in
            hit = p == index
            return hit
        }
        return hit
    }

    /// Runs the automaton over `text`, calling `found` with each occurrence's phrase index
    /// (possibly repeated) until it returns true.
    @inline(__always)
    private func scan(_ text: NormalizedText, _ found: (Int) -> Bool) {
        let width = self.width
        let wordStart = NormalizedText.wordStart
        text.units.withUnsafeBufferPointer { units in
            next.withUnsafeBufferPointer { next in
                lowClasses.withUnsafeBufferPointer { low in
                    outStart.withUnsafeBufferPointer { outStart in
                        var state = 0
                        let count = units.count
                        for i in 0..<count {
                            let v = units[i] & ~wordStart
                            let c = v < Self.lowLimit ? Int(low[Int(v)]) : highClass(v)
                            state = Int(next[state &* width &+ c])
                            guard state != 0, i &+ 1 == count || units[i &+ 1] & wordStart != 0
                            else { continue }
                            for k in Int(outStart[state])..<Int(outStart[state &+ 1]) {
                                if units[i &+ 1 &- Int(outLength[k])] & wordStart != 0,
                                    found(Int(outPhrase[k]))
                                {
                                    return
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private func highClass(_ v: UInt32) -> Int {
        Self.classOf(v, low: [], highScalars: highScalars, highClasses: highClasses)
    }

    private static func classOf(
        _ v: UInt32, low: [UInt16], highScalars: [UInt32], highClasses: [UInt16]
    ) -> Int {
        if v < lowLimit { return Int(low[Int(v)]) }
        var lo = 0
        var hi = highScalars.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if highScalars[mid] < v { lo = mid + 1 } else { hi = mid }
        }
        return lo < highScalars.count && highScalars[lo] == v ? Int(highClasses[lo]) : 0
    }
}
