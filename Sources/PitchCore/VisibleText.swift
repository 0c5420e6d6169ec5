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
