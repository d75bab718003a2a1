/// The text forms of instants written straight into a byte buffer: batch routing writes several
/// per decision, and building a `String` for each cost more than deciding the case.
extension Instant {
    /// Appends the text of `iso8601(in:)`.
    package func appendISO8601(to out: inout [UInt8], in zone: TimeZoneTable = .tehran) {
        let offset = zone.offset(at: self)
        let (day, second) = DateScanner.floorDivMod(secondsSinceEpoch &+ Int64(offset), 86_400)
        let date = CivilDate(dayNumber: Int(day))
        Instant.appendDate(date.year, date.month, date.day, separator: UInt8(ascii: "-"), to: &out)
        out.append(UInt8(ascii: "T"))
        Instant.appendClock(Int(second), seconds: true, to: &out)
        guard offset != 0 else {
            out.append(UInt8(ascii: "Z"))
            return
        }
        let m = Int(offset.magnitude)
        out.append(UInt8(ascii: offset < 0 ? "-" : "+"))
        Instant.appendPadded(m / 3600, 2, to: &out)
        out.append(UInt8(ascii: ":"))
        Instant.appendPadded(m / 60 % 60, 2, to: &out)
        // Offsets with seconds only occur in local mean time before 1935; ISO 8601 has no form for them.
        if m % 60 != 0 {
            out.append(UInt8(ascii: ":"))
            Instant.appendPadded(m % 60, 2, to: &out)
        }
    }

    /// Appends the text of `jalaliText(in:)`.
    package func appendJalali(to out: inout [UInt8], in zone: TimeZoneTable = .tehran) {
        let (day, second) = DateScanner.floorDivMod(zone.localSeconds(of: self), 86_400)
        let date = JalaliDate(dayNumber: Int(day))
        Instant.appendDate(date.year, date.month, date.day, separator: UInt8(ascii: "/"), to: &out)
        out.append(UInt8(ascii: " "))
        Instant.appendClock(Int(second), seconds: second % 60 != 0, to: &out)
    }

    static func appendDate(
        _ year: Int, _ month: Int, _ day: Int, separator: UInt8, to out: inout [UInt8]
    ) {
        Instant.appendPadded(year, 4, to: &out)
        out.append(separator)
        Instant.appendPadded(month, 2, to: &out)
        out.append(separator)
        Instant.appendPadded(day, 2, to: &out)
    }

    static func appendClock(_ secondOfDay: Int, seconds: Bool, to out: inout [UInt8]) {
        appendPadded(secondOfDay / 3600, 2, to: &out)
        out.append(UInt8(ascii: ":"))
        appendPadded(secondOfDay / 60 % 60, 2, to: &out)
        if seconds {
            out.append(UInt8(ascii: ":"))
            appendPadded(secondOfDay % 60, 2, to: &out)
        }
    }

    /// Decimal digits, zero-padded to `width`, with a leading `-` for negative values.
    package static func appendPadded(_ value: Int, _ width: Int, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = value.magnitude
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(ascii: "0") + UInt8(n % 10)
                n /= 10
                count += 1
            } while n > 0
            for _ in count..<max(count, width) { out.append(UInt8(ascii: "0")) }
            while count > 0 {
                count -= 1
                out.append(buffer[count])
            }
        }
    }
}

extension Instant {
    /// The common exact form `2024-11-02T09:30:00+03:30` (or `…Z`) read straight from bytes;
    /// nil for every other text, which `init?(iso8601:)` then reads (agreement is tested).
    package init?(isoBytes b: UnsafeBufferPointer<UInt8>) {
        guard b.count == 20 || b.count == 25 else { return nil }
        func digits(_ at: Int, _ count: Int) -> Int? {
            var value = 0
            for i in at..<(at + count) {
                let d = b[i] &- 0x30
                guard d < 10 else { return nil }
                value = value * 10 + Int(d)
            }
            return value
        }
        guard b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
            b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == 0x20,
            b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
            let year = digits(0, 4), let month = digits(5, 2), let day = digits(8, 2),
            let hour = digits(11, 2), let minute = digits(14, 2), let second = digits(17, 2),
            hour < 24, minute < 60, second < 60,
            let date = CivilDate(year: year, month: month, day: day)
        else { return nil }
        var offset = 0
        if b.count == 20 {
            guard b[19] == UInt8(ascii: "Z") || b[19] == UInt8(ascii: "z") else { return nil }
        } else {
            let sign = b[19]
            guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"),
                b[22] == UInt8(ascii: ":"),
                let hours = digits(20, 2), let minutes = digits(23, 2), hours < 24, minutes < 60
            else { return nil }
            offset = (hours * 3600 + minutes * 60) * (sign == UInt8(ascii: "+") ? 1 : -1)
        }
        self.init(
            secondsSinceEpoch: Int64(date.dayNumber) * 86_400
                + Int64(hour * 3600 + minute * 60 + second - offset))
    }
}
