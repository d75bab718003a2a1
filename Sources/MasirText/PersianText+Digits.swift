extension PersianText {
    /// Persian (U+06F0…) and Arabic-Indic (U+0660…) digits as ASCII, everything else unchanged;
    /// for reading numbers and dates that operators typed on a Persian keyboard.
    public static func asciiDigits(_ text: String) -> String {
        guard
            text.unicodeScalars.contains(where: {
                (0x660...0x669).contains($0.value) || (0x6F0...0x6F9).contains($0.value)
                    || $0.value == 0x66C
            })
        else {
            return text
        }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x660...0x669: result.append(Unicode.Scalar(scalar.value - 0x660 + 0x30)!)
            case 0x6F0...0x6F9: result.append(Unicode.Scalar(scalar.value - 0x6F0 + 0x30)!)
            case 0x66C: result.append(",")
            default: result.append(scalar)
            }
        }
        return String(result)
    }
}
