extension StringProtocol {
    /// The text with every control character made visible as `\u{1B}`, so text from outside (a mentor's
    /// reply, a title, a rubric, a mail program's output) can never move the cursor, clear the screen or
    /// set the terminal's title when it is printed. C0, DEL and C1 controls are shown; tabs stay, and line
    /// breaks stay unless `singleLine` (a listing line or a header must not split).
    public func visibleControls(singleLine: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            let v = scalar.value
            let control = v < 0x20 || (0x7F...0x9F).contains(v)
            let kept = v == 0x09 || (!singleLine && v == 0x0A)
            if control && !kept {
                out += "\\u{" + String(v, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension String {
    /// The text without the control characters a draft file may not hold (C0 but tab, line feed, carriage
    /// return and form feed; DEL; C1), and how many were taken out. Typed or pasted text goes through this,
    /// so what `write` keeps is what `save FILE` would accept.
    public func removingControls() -> (text: String, removed: Int) {
        var out = String.UnicodeScalarView(), removed = 0
        for scalar in unicodeScalars {
            let v = scalar.value
            if (v < 0x20 && ![0x09, 0x0A, 0x0C, 0x0D].contains(v)) || (0x7F...0x9F).contains(v) { removed += 1 } else { out.append(scalar) }
        }
        return (removed == 0 ? self : String(out), removed)
    }
}
