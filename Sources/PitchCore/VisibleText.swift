extension StringProtocol {
    /// The text with every control character made visible as `\u{1B}`, so text from outside (a mentor's
    /// reply, a title, a rubric, a mail program's output) can never move the cursor, clear the screen, set the
    /// terminal's title or turn the line around when it is printed. C0, DEL, C1 and bidi controls are shown; tabs
    /// stay, and line breaks stay unless `singleLine` (a listing line or a header must not split).
    public func visibleControls(singleLine: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            let v = scalar.value
            let kept = v == 0x09 || (!singleLine && v == 0x0A)
            if scalar.isControlOrBidi && !kept {
                out += "\\u{" + String(v, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension Unicode.Scalar {
    /// C0, DEL and C1 controls, and the bidi controls (marks, embeddings, overrides, isolates) that make a terminal
    /// show text in another order than it is: what text from outside may not print as it is.
    public var isControlOrBidi: Bool {
        let v = value
        return v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x061C || v == 0x200E || v == 0x200F
            || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }
}

extension String {
    /// The text cut to `limit` characters (an ellipsis and the count left out past it), its controls shown: for a
    /// value the user typed, echoed in a one-line error.
    public func shownShort(_ limit: Int = 80) -> String {
        let visible = visibleControls(singleLine: true)
        guard visible.count > limit else { return visible }
        return String(visible.prefix(limit)) + "… (\(visible.count - limit) more characters)"
    }

    /// The text without the control characters a draft file may not hold (C0 but tab, line feed, carriage
    /// return and form feed; DEL; C1), and how many were taken out. Typed or pasted text goes through this,
    /// so what `write` keeps is what `save FILE` would accept.
    public func removingControls() -> (text: String, removed: Int) {
        var out = String.UnicodeScalarView()
        var removed = 0
        for scalar in unicodeScalars {
            let v = scalar.value
            if (v < 0x20 && ![0x09, 0x0A, 0x0C, 0x0D].contains(v)) || (0x7F...0x9F).contains(v) {
                removed += 1
            } else {
                out.append(scalar)
            }
        }
        return (removed == 0 ? self : String(out), removed)
    }
}
