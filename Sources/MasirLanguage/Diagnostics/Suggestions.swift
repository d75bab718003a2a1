/// "Did you mean …?" suggestions by edit distance.
package enum Suggestions {
    /// The candidate closest to `word`, if it is close enough to be a plausible typo.
    package static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        let target = Array(word.lowercased())
        var best: (String, Int)?
        for candidate in candidates where candidate != word {
            // Lengths further apart than any allowed distance rule a candidate out unread.
            guard abs(candidate.count - target.count) <= 3 else { continue }
            let lowered = Array(candidate.lowercased())
            let limit = max(1, min(3, max(target.count, lowered.count) / 3))
            guard abs(lowered.count - target.count) <= limit else { continue }
            let distance = editDistance(target, lowered)
            guard distance <= limit else { continue }
            if best == nil || distance < best!.1 { best = (candidate, distance) }
        }
        return best?.0
    }

    /// Damerau–Levenshtein (optimal string alignment): a swapped pair of letters is one typo.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = Swift.min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }

    package static func help(for suggestion: String?) -> String? {
        suggestion.map { "did you mean `\($0)`?" }
    }
}
