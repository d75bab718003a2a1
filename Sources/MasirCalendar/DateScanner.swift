/// A cursor over date and time text, shared by the date, time and instant parsers.
///
/// Callers type dates with Persian (۱۴۰۳), Arabic-Indic (١٤٠٣) or ASCII digits, and text copied from
/// right-to-left documents often carries invisible direction marks, so both are folded away up front
/// and the parsers only ever see ASCII digits.
struct DateScanner {
    private let scalars: [UInt32]
    private var index = 0

    init(_ text: String) {
        var folded: [UInt32] = []
        folded.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            let v = scalar.value
            switch v {
            case 0x06F0...0x06F9: folded.append(v - 0x06F0 + 0x30)
            case 0x0660...0x0669: folded.append(v - 0x0660 + 0x30)
            case 0x200E, 0x200F, 0x061C, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF: continue
            default: folded.append(v)
            }
        }
        // Trim surrounding white space (ASCII and no-break spaces) so pasted values parse.
        func isSpace(_ v: UInt32) -> Bool {
            v == 0x20 || v == 0x09 || v == 0x0A || v == 0x0D || v == 0xA0 || v == 0x202F
        }
        var lo = 0
        var hi = folded.count
        while lo < hi, isSpace(folded[lo]) { lo += 1 }
        while hi > lo, isSpace(folded[hi - 1]) { hi -= 1 }
        scalars = Array(folded[lo..<hi])
    }

    var isAtEnd: Bool { index == scalars.count }

    var peek: UInt32? { index < scalars.count ? scalars[index] : nil }

    /// Consumes `character` if it is next.
    mutating func take(_ character: Unicode.Scalar) -> Bool {
        guard peek == character.value else { return false }
        index += 1
        return true
    }

    /// Consumes the next scalar if it is one of `characters`, returning it.
    mutating func take(anyOf characters: String) -> Unicode.Scalar? {
        guard let v = peek, let s = Unicode.Scalar(v), characters.unicodeScalars.contains(s) else {
            return nil
        }
        index += 1
        return s
    }

    /// Reads an unsigned decimal number of `digits` digits, which unless `packed` may not be followed by
    /// another digit; consumes nothing on failure. `packed` reads fields written without separators (`+0330`).
    mutating func number(digits: ClosedRange<Int>, packed: Bool = false) -> Int? {
        var value = 0
        var count = 0
        while count < digits.upperBound, let v = peek, (0x30...0x39).contains(v) {
            value = value * 10 + Int(v - 0x30)
            count += 1
            index += 1
        }
        guard count >= digits.lowerBound else {
            index -= count
            return nil
        }
        // A longer run of digits than allowed is not a number of this shape.
        if !packed, let v = peek, (0x30...0x39).contains(v) {
            index -= count
            return nil
        }
        return value
    }

    /// Skips a run of digits, returning how many there were.
    mutating func skipDigits() -> Int {
        var count = 0
        while let v = peek, (0x30...0x39).contains(v) {
            count += 1
            index += 1
        }
        return count
    }

    /// Consumes one or more spaces.
    mutating func skipSpaces() -> Bool {
        var any = false
        while let v = peek, v == 0x20 || v == 0x09 || v == 0xA0 || v == 0x202F {
            index += 1
            any = true
        }
        return any
    }

    /// Reads a date as `y/m/d` (Jalali) or `y-m-d` (Gregorian), leaving the cursor after it.
    mutating func date() -> CivilDate? {
        let start = index
        guard let year = number(digits: 4...4) else { return nil }
        if take("/") {
            guard let month = number(digits: 1...2), take("/"), let day = number(digits: 1...2),
                let jalali = JalaliDate(year: year, month: month, day: day),
                // A Jalali year past 9378 falls after Gregorian 9999, which no date prints.
                jalali.civil.year <= 9999
            else {
                index = start
                return nil
            }
            return jalali.civil
        }
        guard take("-"), let month = number(digits: 1...2), take("-"),
            let day = number(digits: 1...2),
            let civil = CivilDate(year: year, month: month, day: day)
        else {
            index = start
            return nil
        }
        return civil
    }

    /// Reads `HH:MM` or `HH:MM:SS` as seconds since midnight; the hour may be `24` only when `allow24` and the rest is zero.
    mutating func timeOfDay(allow24: Bool = false) -> Int? {
        let start = index
        guard let hour = number(digits: 1...2), take(":"), let minute = number(digits: 2...2),
            minute < 60
        else {
            index = start
            return nil
        }
        var second = 0
        if take(":") {
            guard let s = number(digits: 2...2), s < 60 else {
                index = start
                return nil
            }
            second = s
        }
        let total = hour * 3600 + minute * 60 + second
        guard hour < 24 || (allow24 && total == 86_400) else {
            index = start
            return nil
        }
        return total
    }
}

extension DateScanner {
    /// Left-pads a non-negative number with zeros; negative numbers keep their sign in front.
    static func zeroPadded(_ value: Int, _ width: Int) -> String {
        let digits = String(value.magnitude)
        let padding = String(repeating: "0", count: max(0, width - digits.count))
        return (value < 0 ? "-" : "") + padding + digits
    }

    /// Floor division and modulo, so that dates before 1970 land on the right day.
    static func floorDivMod(_ a: Int64, _ b: Int64) -> (quotient: Int64, remainder: Int64) {
        let q = a / b
        let r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }
}
